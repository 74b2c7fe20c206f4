// Generated from contracts/openapi/control.yaml (and the shared contracts/openapi/common.yaml)
// by tools/src/regen-openapi.ts with openapi-typescript. Do not edit by hand:
// change the YAML, then run `pnpm regen`.

export interface paths {
    "/v1/catalog/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a model in the catalog
         * @description Adds a model entry in state `Draft`. Registering the exact same entry again is idempotent (200); reusing an id with a different digest is a conflict (409).
         */
        post: operations["registerModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        /**
         * Read a catalog entry
         * @description The stored entry, including its lifecycle state and the verdict of its most recent verification.
         */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/models/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a model's digest, signatures and SBOM
         * @description Checks the entry against its trust policy. A missing signature or SBOM is a warning under `permissive` and a failure under `strict`; a digest mismatch always fails. The verdict is returned (and stored on the entry) with status 200 whatever it is.
         */
        post: operations["verifyModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/models/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a model to another lifecycle state
         * @description `Active` models can be served; `Retired` and `Deprecated` ones are refused at admission with MODEL_DEPRECATED. Activating a model whose last verification failed under a strict trust policy is refused with UNTRUSTED_ARTIFACT.
         */
        post: operations["setModelState"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drain a pool
         * @description The pool stops admitting new tasks at once; queued and running tasks may finish until `deadline_ms` elapses, after which the rest are canceled. Draining an already draining pool keeps the earlier deadline.
         */
        post: operations["drainPool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}/reload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Swap the pool's model atomically
         * @description Loads `new_model_ref` and flips the pool to Ready on it only after a successful preload; if anything fails, the pool keeps (or returns to) the old model. Both outcomes answer 200; read `outcome`. For a catalogued model the entry's digest is sent to pool-managerd as `expected_digest`, so a file that is not the catalogued one is never loaded. Under the strict trust policy (the deployment's, or the catalog entry's own) only a catalogued model whose last verification passed may be loaded: any other reference, an absolute `.gguf` path included, is refused with UNTRUSTED_ARTIFACT before pool-managerd is asked.
         */
        post: operations["reloadPool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        /**
         * Read a pool's health
         * @description Whether the pool has live and Ready replicas, whether it is draining, its last error, a few load figures, and per replica its state, restarts, time until the next start attempt and restart breaker (relayed from pool-managerd).
         */
        get: operations["getPoolHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/capabilities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discover engines, limits and models
         * @description One entry per engine and engine version that has at least one Ready replica. `concurrency` counts the real request slots across those replicas on all GPUs, so mixed cards are reflected as they are.
         */
        get: operations["getCapabilities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/replicasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List replica sets with load and SLO snapshots
         * @description A replica set is the replicas of one pool: they share engine, engine version, sampler profile version and model, which is what makes placement across them deterministic.
         */
        get: operations["listReplicaSets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage and limits of every agent client (owner only)
         * @description Each configured agent client and the owner, with its weight, its limits, what it used since orchestratord started and what it holds now, including its share of all queued tasks. Only the owner's token may read it; a client's key gets 403 (ORCHD-096).
         */
        get: operations["listClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/status/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live status snapshots for the status page (Server-Sent Events)
         * @description A long-lived `text/event-stream` that sends the whole operator view as
         *     one `status` frame when it opens and again every second (the data
         *     plane's progress interval): pools with their replicas' states and
         *     engine versions, the GPU inventory, each pool's waiting tasks with
         *     their predicted start, running tasks with their decode rate, and the
         *     most recent task errors and pool events (newest last, bounded).
         *     Comment lines (starting with `:`) are keep-alive heartbeats. The
         *     status page at `/ui` reads it with `fetch()` so that it can send the
         *     token in the `Authorization` header.
         *
         *     ```
         *     event: status
         *     data: {"at_ms":1764000000000,"daemon_state":"running","pools":[...],"gpus":[],"running":[],"errors":[],"events":[]}
         *     ```
         */
        get: operations["streamStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ui": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The status page (static HTML shell)
         * @description A static page that needs no token: it reads the token from the URL fragment (`/ui#token=...`, which browsers never send to the server) or asks for it, keeps it in the tab's sessionStorage, and sends it on its own data calls (`GET /v1/status/events`). Its script and style sheet are `/ui/app.js` and `/ui/app.css`; the page forbids inline script through its Content-Security-Policy.
         */
        get: operations["statusPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ui/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The status page's script or style sheet
         * @description Static files of the status page; no token needed.
         */
        get: operations["statusPageAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Store an artifact
         * @description Stores the document and answers with its content-addressed id: the lower-case sha256 hex digest of the canonical JSON (keys sorted, no insignificant whitespace) of `{kind, content, tags, parent, metadata}` after defaults are applied. Storing an identical artifact again returns the same id.
         */
        post: operations["createArtifact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/artifacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id (sha256 hex). */
                id: components["parameters"]["ArtifactId"];
            };
            cookie?: never;
        };
        /**
         * Read an artifact
         * @description Returns the artifact stored under this content-addressed id.
         */
        get: operations["getArtifact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers 200 while the process runs; it does not check pools or engines.
         */
        get: operations["livez"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Ready when pool-managerd answers and at least one pool has a Ready replica; otherwise 503 with the reasons.
         */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition (format 0.0.4). Metric names, types and label sets are a contract kept in `ci/metrics.lint.json`.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Stable machine-readable failure category; clients branch on this, never on `message`.
         * @enum {string}
         */
        ErrorCode: "ADMISSION_REJECT" | "QUEUE_FULL_DROP_LRU" | "INVALID_PARAMS" | "POOL_UNREADY" | "POOL_UNAVAILABLE" | "REPLICA_EXHAUSTED" | "DECODE_TIMEOUT" | "WORKER_RESET" | "INTERNAL" | "DEADLINE_UNMET" | "MODEL_DEPRECATED" | "UNTRUSTED_ARTIFACT" | "POLICY_DENIED" | "FETCH_FAILED" | "NOT_FOUND";
        /**
         * @description The single error shape: every non-2xx JSON response and every SSE `error` frame carries it.
         * @example {
         *       "code": "INVALID_PARAMS",
         *       "message": "ctx 65536 exceeds the model limit of 8192; lower ctx or pick a model with a larger window",
         *       "engine": "llamacpp",
         *       "pool_id": "tiny-bigram",
         *       "retriable": false
         *     }
         */
        ErrorEnvelope: {
            code: components["schemas"]["ErrorCode"];
            /** @description Human-readable explanation that says what went wrong and what to do about it. */
            message: string;
            /** @description Engine involved, when there is one (`llamacpp`, `vllm`, `tgi`, `triton`; `mock` in test deployments). */
            engine?: string;
            pool_id?: components["schemas"]["PoolId"];
            /** @description True when repeating the same request later may succeed. */
            retriable?: boolean;
            /** @description Suggested wait before retrying, in milliseconds. */
            retry_after_ms?: number;
            /** @description Name of the policy that produced the refusal (for example `reject` or `drop-lru`; for an agent client's key `owner_only`, `models` or `max_priority`). */
            policy_label?: string;
        };
        /**
         * @description Inference engine family.
         * @enum {string}
         */
        Engine: "llamacpp" | "vllm" | "tgi" | "triton";
        /**
         * @description `interactive` tasks always leave the queue before `batch` tasks; FIFO within each.
         * @enum {string}
         */
        Priority: "interactive" | "batch";
        /**
         * @description Kind of work a task asks for: `completion` continues a raw `prompt`, `chat` answers `messages` through the model's chat template (tool calls included), `embedding` and `rerank` take `inputs`.
         * @enum {string}
         */
        Workload: "completion" | "chat" | "embedding" | "rerank";
        /**
         * @description Pool id as declared in the config file (same slug rule as the config schema).
         * @example tiny-bigram
         */
        PoolId: string;
        /**
         * @description The process is up and its event loop answers.
         * @example {
         *       "live": true,
         *       "uptime_ms": 120500
         *     }
         */
        Liveness: {
            /** @constant */
            live: true;
            /** @description Milliseconds since the process started. */
            uptime_ms: number;
        };
        /**
         * @description Whether the service can do useful work now, and if not, why.
         * @example {
         *       "ready": false,
         *       "reasons": [
         *         "pool tiny-random: no replica is Ready yet"
         *       ]
         *     }
         */
        Readiness: {
            ready: boolean;
            /** @description One short line per unmet condition; empty when ready. */
            reasons: string[];
        };
        /**
         * @description Liveness, readiness and drain state of one pool.
         * @example {
         *       "pool_id": "tiny-bigram",
         *       "live": true,
         *       "ready": true,
         *       "draining": false,
         *       "last_error": "engine exited with code 137 (host OOM)",
         *       "metrics": {
         *         "queue_depth": 2,
         *         "replicas_ready": 1,
         *         "replicas_total": 2,
         *         "replicas_circuit_open": 0,
         *         "slots_free": 1,
         *         "slots_total": 1,
         *         "kv_cache_usage_ratio": 0.12
         *       },
         *       "replicas": [
         *         {
         *           "id": "tiny-bigram-0",
         *           "state": "Ready",
         *           "restarts": 0,
         *           "retry_in_ms": null,
         *           "breaker": "closed",
         *           "last_error": null,
         *           "pid": 48213
         *         },
         *         {
         *           "id": "tiny-bigram-1",
         *           "state": "Backoff",
         *           "restarts": 3,
         *           "retry_in_ms": 3800,
         *           "breaker": "closed",
         *           "last_error": "engine exited with code 137 (host OOM)",
         *           "pid": null
         *         }
         *       ]
         *     }
         */
        PoolHealth: {
            pool_id: components["schemas"]["PoolId"];
            /** @description At least one replica process of the pool is running. */
            live: boolean;
            /** @description At least one replica is Ready (preloaded and passed its first decode) and the pool is not draining. Through orchestratord, also that orchestratord's own probe has found that replica Ready, so a task submitted now is placed (ORCHD-099). */
            ready: boolean;
            /** @description The pool refuses new work while it finishes or cancels what it holds. */
            draining: boolean;
            /** @description Most recent failure seen in the pool, or null. */
            last_error: string | null;
            metrics: components["schemas"]["PoolHealthMetrics"];
            /** @description One entry per replica slot of the pool, in slot order: its state and the supervisor's restart figures, so an operator can see why a pool is not serving. */
            replicas: components["schemas"]["PoolHealthReplica"][];
        };
        /** @description Point-in-time pool figures. Additive; clients ignore keys they do not know. */
        PoolHealthMetrics: {
            /** @description Tasks waiting in this pool's queue (both priorities). */
            queue_depth: number;
            replicas_ready: number;
            replicas_total: number;
            /** @description Replicas whose restart circuit breaker is open (not restarted until cool-down or reload). */
            replicas_circuit_open: number;
            /** @description Idle request slots across Ready replicas. */
            slots_free: number;
            /** @description Request slots across Ready replicas. */
            slots_total: number;
            /** @description Mean KV-cache fill over Ready replicas; null when no engine reports it. */
            kv_cache_usage_ratio?: number | null;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description One replica as its pool's health reports it: state and the restart supervisor's figures (restarts, time until the next start attempt, breaker).
         * @example {
         *       "id": "tiny-bigram-1",
         *       "state": "CircuitOpen",
         *       "restarts": 5,
         *       "retry_in_ms": 52000,
         *       "breaker": "open",
         *       "last_error": "engine exited with code 1: failed to load model",
         *       "pid": null
         *     }
         */
        PoolHealthReplica: {
            /** @description Replica id, stable across restarts (e.g. `<pool_id>-<n>`). */
            id: string;
            state: components["schemas"]["ReplicaState"];
            /** @description Times the supervisor has restarted this replica since pool-managerd started. */
            restarts: number;
            /** @description While `Backoff` or `CircuitOpen`: milliseconds left until the next start attempt (the backoff delay, or the open breaker's cool-down), measured when the answer was made; 0 when the attempt is due. Null in every other state. */
            retry_in_ms: number | null;
            /**
             * @description The replica's restart circuit breaker. `open` (state `CircuitOpen`) after too many crashes in a row: no restart until the cool-down ends or an operator reloads the pool.
             * @enum {string}
             */
            breaker: "closed" | "open";
            /** @description The replica's most recent failure (crash reason, VRAM OOM vs host OOM, failed preload), or null. */
            last_error: string | null;
            /** @description OS process id of the engine while one runs, else null. */
            pid: number | null;
        };
        /**
         * @description Replica lifecycle. `Stopped` → `Preflight` (VRAM and binary checks) →
         *     `Starting` (process spawned) → `Loading` (model preload) → `Ready` (preload
         *     and a first decode succeeded). `Draining` finishes work before stopping.
         *     `Failed` is a crash or failed start; `Backoff` waits out the exponential
         *     restart delay; `CircuitOpen` stops restarting after too many crashes in
         *     a row until an operator reloads or the breaker's cool-down ends.
         * @enum {string}
         */
        ReplicaState: "Stopped" | "Preflight" | "Starting" | "Loading" | "Ready" | "Draining" | "Failed" | "Backoff" | "CircuitOpen";
        /**
         * @example {
         *       "deadline_ms": 30000
         *     }
         */
        DrainRequest: {
            /** @description How long in-flight and queued work may keep running before it is canceled, in milliseconds. 0 cancels at once. */
            deadline_ms: number;
        };
        /**
         * @description The drain has started; poll pool health to see it finish.
         * @example {
         *       "pool_id": "tiny-bigram",
         *       "draining": true,
         *       "deadline_ms": 30000
         *     }
         */
        DrainAccepted: {
            pool_id: components["schemas"]["PoolId"];
            /** @constant */
            draining: true;
            deadline_ms: number;
        };
        /**
         * @example {
         *       "new_model_ref": "tiny-bigram-v2"
         *     }
         */
        ReloadRequest: {
            /** @description Catalog id (or model reference) the pool should serve after the swap. */
            new_model_ref: string;
            /** @description The sha256 the new model's file must have. pool-managerd hashes the file before any replica starts and refuses the reload with 400 UNTRUSTED_ARTIFACT when it differs; every later start of the model checks it again. orchestratord sets it to the catalog entry's digest for a catalogued model. Required under catalog.trust_policy strict: pool-managerd refuses a reload without it (400 UNTRUSTED_ARTIFACT). */
            expected_digest?: components["schemas"]["Sha256Hex"];
        };
        /**
         * @description Outcome of an atomic reload. `swapped`: the pool is Ready on the new model. `rolled_back`: the new model failed to come up and the pool serves the old one again; `reason` says why.
         * @example {
         *       "pool_id": "tiny-bigram",
         *       "outcome": "rolled_back",
         *       "model_ref": "tiny-bigram",
         *       "previous_model_ref": "tiny-bigram",
         *       "reason": "preload of tiny-bigram-v2 failed: VRAM OOM on device 1 (needs 9.1 GB, 7.8 GB free)"
         *     }
         */
        ReloadResult: {
            pool_id: components["schemas"]["PoolId"];
            /** @enum {string} */
            outcome: "swapped" | "rolled_back";
            /** @description The model the pool serves now. */
            model_ref: string;
            /** @description The model the pool served before the reload. */
            previous_model_ref: string;
            /** @description Why the reload rolled back; null after a successful swap. */
            reason: string | null;
        };
        /**
         * @description Lower-case sha256 hex digest, as `sha256sum` prints it.
         * @example 9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f
         */
        Sha256Hex: string;
        /**
         * @description Catalog model id (no slashes, so it fits in a URL path segment).
         * @example qwen2.5-7b-q4
         */
        ModelId: string;
        /**
         * @description Lifecycle state. `Draft` on registration; `Canary` for trial use; `Active` to serve; `Deprecated` and `Retired` are refused at admission.
         * @enum {string}
         */
        ModelState: "Draft" | "Canary" | "Active" | "Deprecated" | "Retired";
        /**
         * @description `strict` turns a missing signature or SBOM from a warning into a failure.
         * @enum {string}
         */
        TrustPolicy: "permissive" | "strict";
        /** @description One file that makes up the model. */
        ModelManifest: {
            path: string;
            digest: components["schemas"]["Sha256Hex"];
            size_bytes: number;
        };
        /** @description A detached signature over the model digest. With scheme `ed25519` it is verified: `signature` is base64 of the 64-byte Ed25519 signature over the UTF-8 text of the entry's `digest` (64 lower-case hex characters, no newline), and `key_id` names a key in the config's `catalog.trusted_keys` (without it, every trusted key is tried). Under the strict trust policy at least one signature must verify this way and none may fail; other schemes are checked for form only and never count as verified. */
        ModelSignature: {
            /** @description Signing scheme, for example `minisign`, `cosign` or `gpg`. */
            scheme: string;
            signature: string;
            key_id?: string;
        };
        /** @description Software bill of materials for the model artefacts. */
        Sbom: {
            /** @enum {string} */
            format: "spdx" | "cyclonedx" | "other";
            /** @description The SBOM document itself, as JSON. */
            document: {
                [key: string]: unknown;
            };
        };
        CatalogModelInput: {
            id: components["schemas"]["ModelId"];
            digest: components["schemas"]["Sha256Hex"];
            /**
             * Format: uri
             * @description Where the model was obtained.
             */
            source_url: string;
            /** @description Free-form labels; defaults to none. */
            tags?: string[];
            manifests?: components["schemas"]["ModelManifest"][];
            signatures?: components["schemas"]["ModelSignature"][];
            sbom?: components["schemas"]["Sbom"] | null;
            trust_policy?: components["schemas"]["TrustPolicy"];
        };
        /**
         * @description A catalog entry as stored.
         * @example {
         *       "id": "qwen2.5-7b-q4",
         *       "digest": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f",
         *       "source_url": "https://huggingface.co/example/qwen2.5-7b-gguf/resolve/main/model-q4_k_m.gguf",
         *       "tags": [
         *         "chat",
         *         "q4_k_m"
         *       ],
         *       "manifests": [
         *         {
         *           "path": "model-q4_k_m.gguf",
         *           "digest": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f",
         *           "size_bytes": 4683073504
         *         }
         *       ],
         *       "signatures": [],
         *       "sbom": null,
         *       "trust_policy": "permissive",
         *       "state": "Draft",
         *       "created_at_ms": 1764000000000,
         *       "updated_at_ms": 1764000000000,
         *       "last_verification": null
         *     }
         */
        CatalogModel: {
            id: components["schemas"]["ModelId"];
            digest: components["schemas"]["Sha256Hex"];
            /** Format: uri */
            source_url: string;
            tags: string[];
            manifests: components["schemas"]["ModelManifest"][];
            signatures: components["schemas"]["ModelSignature"][];
            sbom: components["schemas"]["Sbom"] | null;
            trust_policy: components["schemas"]["TrustPolicy"];
            state: components["schemas"]["ModelState"];
            /** @description Registration time, Unix epoch milliseconds. */
            created_at_ms: number;
            updated_at_ms: number;
            last_verification: components["schemas"]["VerificationResult"] | null;
        };
        ModelStateChange: {
            state: components["schemas"]["ModelState"];
            /** @description Why the state changes; kept with the entry for the audit trail. */
            reason?: string;
        };
        /**
         * @description `pass`: every check passed. `warn`: usable, but something is missing (listed in `warnings`). `fail`: must not be activated (see `failures`).
         * @example {
         *       "model_id": "qwen2.5-7b-q4",
         *       "result": "warn",
         *       "code": null,
         *       "trust_policy": "permissive",
         *       "warnings": [
         *         "no signature",
         *         "no SBOM"
         *       ],
         *       "failures": [],
         *       "checked_at_ms": 1764000005000
         *     }
         */
        VerificationResult: {
            model_id: components["schemas"]["ModelId"];
            /** @enum {string} */
            result: "pass" | "warn" | "fail";
            /** @description UNTRUSTED_ARTIFACT when `result` is `fail`; null otherwise. */
            code: components["schemas"]["ErrorCode"] | null;
            trust_policy: components["schemas"]["TrustPolicy"];
            warnings: string[];
            failures: string[];
            /** @description Unix epoch milliseconds. */
            checked_at_ms: number;
        };
        ClientList: {
            clients: components["schemas"]["ClientUsage"][];
        };
        /**
         * @description One agent client (or the owner) as the usage ledger sees it.
         * @example {
         *       "name": "aider",
         *       "owner": false,
         *       "weight": 2,
         *       "max_priority": "interactive",
         *       "limits": {
         *         "max_concurrent": 2,
         *         "max_queued": 2,
         *         "tokens_per_minute": 20000,
         *         "models": null
         *       },
         *       "usage": {
         *         "admitted": 41,
         *         "completed": 38,
         *         "failed": 1,
         *         "canceled": 2,
         *         "refused": {
         *           "max_concurrent": 3,
         *           "tokens_per_minute": 0,
         *           "max_priority": 0,
         *           "models": 0
         *         },
         *         "tokens_in": 51200,
         *         "tokens_out": 9100,
         *         "gpu_seconds": 212.4
         *       },
         *       "now": {
         *         "queued": 1,
         *         "running": 2,
         *         "queue_share": 0.25,
         *         "tokens_last_minute": 4200
         *       }
         *     }
         */
        ClientUsage: {
            name: string;
            /** @description True for the deployment token's holder, which has no limits. */
            owner: boolean;
            /** @description Share of dispatches inside a priority lane while several clients wait. */
            weight: number;
            /** @enum {string} */
            max_priority?: "interactive" | "batch";
            limits: {
                max_concurrent: number | null;
                max_queued: number | null;
                tokens_per_minute: number | null;
                /** @description The model ids it may use; null for every model. */
                models: string[] | null;
            };
            /** @description Since orchestratord started. */
            usage: {
                admitted: number;
                completed: number;
                failed: number;
                canceled: number;
                /** @description Requests refused by each of its own limits: 429s for max_concurrent and tokens_per_minute, 403s for max_priority (with above_max_priority refuse) and models. */
                refused: {
                    max_concurrent: number;
                    tokens_per_minute: number;
                    max_priority: number;
                    models: number;
                };
                tokens_in: number;
                tokens_out: number;
                /** @description Seconds its tasks held an engine slot, from dispatch to their terminal frame. */
                gpu_seconds: number;
            };
            now: {
                queued: number;
                /** @description Its tasks holding an engine slot (dispatched or decoding). */
                running: number;
                /** @description Its share of all queued tasks; 0 while nothing waits. */
                queue_share: number;
                /** @description Prompt plus generated tokens of its tasks that ended in the last 60 s. */
                tokens_last_minute: number;
            };
        };
        /** @description Declared admission limits; null where none is enforced. */
        RateLimits: {
            requests_per_minute: number | null;
            tokens_per_minute: number | null;
        };
        ServableModel: {
            model_ref: string;
            engine: components["schemas"]["Engine"];
            pool_ids: components["schemas"]["PoolId"][];
            /** @enum {string} */
            state: "resident" | "loading" | "unloaded";
            on_demand: boolean;
            pinned: boolean;
            /** @description GPU indices of its Ready or loading replicas; empty on the CPU or while unloaded. */
            devices: number[];
            /** @description Memory one replica needs (weights + KV + overhead), from the GGUF header; null when unknown. */
            footprint_bytes: number | null;
        };
        ModelAvailability: {
            model_ref: string;
            pool_ids: components["schemas"]["PoolId"][];
        };
        EngineCapability: {
            engine: components["schemas"]["Engine"];
            /** @description Version string the engine reports. */
            engine_version: string;
            /** @description Largest per-request context any Ready replica of this engine offers. */
            ctx_max: number;
            supported_workloads: components["schemas"]["Workload"][];
            /** @description Request slots across all Ready replicas of this engine and version. */
            concurrency: number;
            rate_limits: components["schemas"]["RateLimits"];
            /** @description Feature flags such as `seeded_sampling`, `strict_determinism`, `cancel`, `kv_reuse`. */
            features: string[];
            models: components["schemas"]["ModelAvailability"][];
        };
        /**
         * @example {
         *       "api_version": "1.0.0",
         *       "engines": [
         *         {
         *           "engine": "llamacpp",
         *           "engine_version": "b4000",
         *           "ctx_max": 8192,
         *           "supported_workloads": [
         *             "completion"
         *           ],
         *           "concurrency": 3,
         *           "rate_limits": {
         *             "requests_per_minute": null,
         *             "tokens_per_minute": null
         *           },
         *           "features": [
         *             "seeded_sampling",
         *             "strict_determinism",
         *             "cancel"
         *           ],
         *           "models": [
         *             {
         *               "model_ref": "tiny-bigram",
         *               "pool_ids": [
         *                 "tiny-bigram"
         *               ]
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        Capabilities: {
            /** @description Equals `info.version` of this API description. */
            api_version: string;
            engines: components["schemas"]["EngineCapability"][];
            /** @description Every model a request may name (ORCHD-075), loaded or not: `engines` lists only what is Ready now, this list adds the on-demand models (config `models`) a request would load first, with their state. */
            servable_models?: components["schemas"]["ServableModel"][];
        };
        /** @description Latency percentiles over the recent window; null until there are samples. */
        SloSnapshot: {
            first_token_ms_p50: number | null;
            first_token_ms_p95: number | null;
            first_token_ms_p99: number | null;
            decode_ms_p50: number | null;
            decode_ms_p95: number | null;
            decode_ms_p99: number | null;
        };
        ReplicaSet: {
            /** @description Replica-set id (stable per pool and model). */
            id: string;
            pool_id: components["schemas"]["PoolId"];
            engine: components["schemas"]["Engine"];
            model_ref: string;
            /** @description Version pinned by the set; null until a replica has reported it. */
            engine_version: string | null;
            sampler_profile_version: string;
            /** @description The pool's device mask (GPU indices); empty on CPU. */
            devices: number[];
            /** @description True when the set runs on CPU under the explicitly allowed, labelled development fallback. */
            cpu_fallback: boolean;
            /**
             * @description Full-queue policy of the pool's queue.
             * @enum {string}
             */
            queue_policy: "reject" | "drop-lru";
            replicas_total: number;
            replicas_ready: number;
            slots_total: number;
            slots_free: number;
            /** @description Busy slots divided by total slots (0 when there are none). */
            load: number;
            /** @description Tasks waiting in the pool's queue. */
            queue_depth: number;
            slo: components["schemas"]["SloSnapshot"];
        };
        /**
         * @example {
         *       "replica_sets": [
         *         {
         *           "id": "tiny-bigram",
         *           "pool_id": "tiny-bigram",
         *           "engine": "llamacpp",
         *           "model_ref": "tiny-bigram",
         *           "engine_version": "b4000",
         *           "sampler_profile_version": "default-v1",
         *           "devices": [],
         *           "cpu_fallback": true,
         *           "queue_policy": "reject",
         *           "replicas_total": 2,
         *           "replicas_ready": 2,
         *           "slots_total": 2,
         *           "slots_free": 1,
         *           "load": 0.5,
         *           "queue_depth": 0,
         *           "slo": {
         *             "first_token_ms_p50": 18,
         *             "first_token_ms_p95": 40,
         *             "first_token_ms_p99": 61,
         *             "decode_ms_p50": 210,
         *             "decode_ms_p95": 380,
         *             "decode_ms_p99": 455
         *           }
         *         }
         *       ]
         *     }
         */
        ReplicaSetList: {
            replica_sets: components["schemas"]["ReplicaSet"][];
        };
        /** @description Everything the status page shows, as of `at_ms`. */
        StatusSnapshot: {
            /** @description Wall-clock time of the snapshot, milliseconds since the epoch. */
            at_ms: number;
            /** @enum {string} */
            daemon_state: "starting" | "running" | "draining" | "stopped";
            pools: components["schemas"]["StatusPool"][];
            /** @description pool-managerd's GPU inventory as last read; empty on a CPU-only host. */
            gpus: components["schemas"]["StatusGpu"][];
            running: components["schemas"]["StatusRunningTask"][];
            /** @description The most recent tasks that ended with an error, oldest first (at most 20). */
            errors: components["schemas"]["StatusError"][];
            /** @description The most recent pool and replica events, oldest first (at most 50). */
            events: components["schemas"]["StatusPoolEvent"][];
        };
        StatusPool: {
            id: string;
            model_ref: string;
            engine: components["schemas"]["Engine"];
            /** @description The pool is a model loaded on demand (config `models`, `residency`); its replica is Stopped while unloaded, which is not a fault. */
            on_demand: boolean;
            /** @description True from an accepted drain until a reload brings the pool back. */
            draining: boolean;
            cpu_fallback: boolean;
            devices: number[];
            queue: {
                interactive: number;
                batch: number;
            };
            replicas: components["schemas"]["StatusReplica"][];
            /** @description Queued tasks in the order they leave the queue (at most 50). */
            waiting: components["schemas"]["StatusWaitingTask"][];
        };
        StatusReplica: {
            id: string;
            /** @description pool-managerd's lifecycle state (a ReplicaState) when it reports one, else orchestratord's own `Ready` or `Unready`. */
            state: string;
            /** @description Whether orchestratord places work on it now. */
            ready: boolean;
            engine_version: string | null;
            slots_total: number;
            in_flight: number;
            kv_cache_usage: number | null;
            last_error: string | null;
        };
        StatusWaitingTask: {
            task_id: string;
            priority: components["schemas"]["Priority"];
            queue_position: number;
            /** @description Milliseconds from the snapshot until it is expected to start; null when no slot is known. */
            predicted_start_ms: number | null;
            waited_ms: number;
        };
        StatusRunningTask: {
            task_id: string;
            pool_id: string;
            replica_id: string;
            priority: components["schemas"]["Priority"];
            /** @enum {string} */
            phase: "dispatching" | "running";
            tokens_out: number;
            /** @description Tokens since the first one over the time since it; null before the first token. */
            tokens_per_second: number | null;
            /** @description Time since admission. */
            elapsed_ms: number;
        };
        StatusGpu: {
            index: number;
            name: string;
            memory_total_bytes: number | null;
            memory_used_bytes: number | null;
            utilization_ratio: number | null;
        };
        StatusError: {
            at_ms: number;
            task_id: string;
            pool_id: string;
            code: string;
            message: string;
        };
        StatusPoolEvent: {
            at_ms: number;
            pool_id: string;
            replica_id: string | null;
            message: string;
        };
        /** @enum {string} */
        ArtifactKind: "plan" | "summary" | "diff" | "trace" | "other";
        ArtifactInput: {
            kind: components["schemas"]["ArtifactKind"];
            /** @description The document text. */
            content: string;
            /** @description Defaults to none. */
            tags?: string[];
            /** @description Id of the artifact this one derives from; defaults to null. */
            parent?: components["schemas"]["Sha256Hex"] | null;
            /** @description Free-form JSON; defaults to an empty object. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "id": "a101f3bb41054f16a17cf99de948302577825ca05734a94bd14ef93be8806414",
         *       "kind": "plan",
         *       "content": "1. add the drain endpoint\n2. write its test",
         *       "tags": [
         *         "agent-7",
         *         "sprint-3"
         *       ],
         *       "parent": null,
         *       "metadata": {
         *         "author": "agent-7"
         *       },
         *       "size_bytes": 43,
         *       "created_at_ms": 1764000010000
         *     }
         */
        Artifact: {
            id: components["schemas"]["Sha256Hex"];
            kind: components["schemas"]["ArtifactKind"];
            content: string;
            tags: string[];
            parent: components["schemas"]["Sha256Hex"] | null;
            metadata: {
                [key: string]: unknown;
            };
            /** @description UTF-8 byte length of `content`. */
            size_bytes: number;
            /** @description First time this id was stored, Unix epoch milliseconds. */
            created_at_ms: number;
        };
    };
    responses: {
        /** @description The request is malformed or breaks a documented rule; the envelope says which. */
        BadRequest: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "INVALID_PARAMS",
                 *       "message": "body.deadline_ms must be an integer >= 0",
                 *       "retriable": false
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description No token was sent. Send `Authorization: Bearer <token>` or `X-API-Key: <token>`. */
        Unauthorized: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "INVALID_PARAMS",
                 *       "message": "missing API token: send Authorization: Bearer <token> or X-API-Key",
                 *       "retriable": false
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description No resource has the id in the path. */
        NotFound: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "NOT_FOUND",
                 *       "message": "no pool with id gpu-big; list pools with llorch pools",
                 *       "retriable": false
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description An unexpected server fault; the correlation id finds it in the logs. */
        InternalError: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "INTERNAL",
                 *       "message": "unexpected error; report it with the X-Correlation-Id of this response",
                 *       "retriable": true
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The process is alive. */
        Live: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Liveness"];
            };
        };
        /** @description The service is ready to take work. */
        Ready: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "ready": true,
                 *       "reasons": []
                 *     }
                 */
                "application/json": components["schemas"]["Readiness"];
            };
        };
        /** @description The service is up but cannot take work yet; `reasons` lists what is missing. */
        NotReady: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Readiness"];
            };
        };
        /** @description pool-managerd did not answer, so the pool operation could not run (POOL_UNAVAILABLE). */
        PoolManagerUnavailable: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "POOL_UNAVAILABLE",
                 *       "message": "pool-managerd at 127.0.0.1:8090 did not answer within 5000 ms; check that it is running",
                 *       "retriable": true,
                 *       "retry_after_ms": 5000
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description A token was sent but nobody holds it (neither the owner's deployment token nor a configured client's), answered `INVALID_PARAMS`; or an agent client's key asked for what its config does not allow, answered `POLICY_DENIED` with `policy_label` `owner_only` (a route only the owner's token may use), `models` (a model outside the client's `models`) or `max_priority` (a priority above its `max_priority` with `above_max_priority: refuse`). */
        ForbiddenToClient: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "INVALID_PARAMS",
                 *       "message": "API token rejected: check LLORCH_API_TOKEN on the client",
                 *       "retriable": false
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: {
        /**
         * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
         * @example 7f3c2a9e-agent-42
         */
        CorrelationIdRequest: string;
        /** @description Pool id as declared in the `pools[]` section of the config file. */
        PoolId: components["schemas"]["PoolId"];
        /** @description Catalog model id. */
        ModelId: components["schemas"]["ModelId"];
        /** @description Artifact id (sha256 hex). */
        ArtifactId: components["schemas"]["Sha256Hex"];
    };
    requestBodies: never;
    headers: {
        /**
         * @description The request's correlation id: the one the client sent, or a fresh one. Present on every response except 204 No Content.
         * @example 7f3c2a9e-agent-42
         */
        CorrelationId: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    registerModel: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "qwen2.5-7b-q4",
                 *       "digest": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f",
                 *       "source_url": "https://huggingface.co/example/qwen2.5-7b-gguf/resolve/main/model-q4_k_m.gguf",
                 *       "tags": [
                 *         "chat",
                 *         "q4_k_m"
                 *       ],
                 *       "manifests": [
                 *         {
                 *           "path": "model-q4_k_m.gguf",
                 *           "digest": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f",
                 *           "size_bytes": 4683073504
                 *         }
                 *       ],
                 *       "signatures": [],
                 *       "sbom": null,
                 *       "trust_policy": "permissive"
                 *     }
                 */
                "application/json": components["schemas"]["CatalogModelInput"];
            };
        };
        responses: {
            /** @description The identical entry already existed; nothing changed. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogModel"];
                };
            };
            /** @description The model is registered. */
            201: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogModel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            /** @description A model with this id exists with a different digest; register under a new id. */
            409: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INVALID_PARAMS",
                     *       "message": "catalog id qwen2.5-7b-q4 already exists with another digest; choose a new id",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalog entry. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogModel"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    verifyModel: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verification verdict. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    setModelState: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Catalog model id. */
                id: components["parameters"]["ModelId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "state": "Active",
                 *       "reason": "passed canary"
                 *     }
                 */
                "application/json": components["schemas"]["ModelStateChange"];
            };
        };
        responses: {
            /** @description The updated entry. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogModel"];
                };
            };
            /** @description The new state is invalid, or the model may not become Active (UNTRUSTED_ARTIFACT). */
            400: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNTRUSTED_ARTIFACT",
                     *       "message": "qwen2.5-7b-q4 failed verification under the strict trust policy (no signature); add a signature and verify again",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    drainPool: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DrainRequest"];
            };
        };
        responses: {
            /** @description The drain has begun. */
            202: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrainAccepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["PoolManagerUnavailable"];
        };
    };
    reloadPool: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReloadRequest"];
            };
        };
        responses: {
            /** @description The reload finished, either swapped or rolled back. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadResult"];
                };
            };
            /** @description The new model cannot be used: unknown (INVALID_PARAMS), Retired or Deprecated (MODEL_DEPRECATED) or untrusted (UNTRUSTED_ARTIFACT). */
            400: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MODEL_DEPRECATED",
                     *       "message": "model old-model is Retired; pick an Active model from the catalog",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["PoolManagerUnavailable"];
        };
    };
    getPoolHealth: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Pool id as declared in the `pools[]` section of the config file. */
                id: components["parameters"]["PoolId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pool's health. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PoolHealth"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["PoolManagerUnavailable"];
        };
    };
    getCapabilities: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the deployment can serve now. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Capabilities"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            500: components["responses"]["InternalError"];
        };
    };
    listReplicaSets: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every replica set. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplicaSetList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            500: components["responses"]["InternalError"];
        };
    };
    listClients: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every client, configured order, then the owner. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description A client's key was sent; this route needs the owner token. */
            403: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "POLICY_DENIED",
                     *       "message": "GET /v1/clients needs the owner token (LLORCH_API_TOKEN or server.token_file); client \"aider\" may use the task, session and agents' endpoints",
                     *       "retriable": false,
                     *       "policy_label": "owner_only"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    streamStatus: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream; the schema describes one decoded frame's data. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["StatusSnapshot"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
        };
    };
    statusPage: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
        };
    };
    statusPageAsset: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                asset: "app.js" | "app.css";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                    "text/css": string;
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
    createArtifact: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kind": "plan",
                 *       "content": "1. add the drain endpoint\n2. write its test",
                 *       "tags": [
                 *         "agent-7",
                 *         "sprint-3"
                 *       ],
                 *       "parent": null,
                 *       "metadata": {
                 *         "author": "agent-7"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ArtifactInput"];
            };
        };
        responses: {
            /** @description Stored (or already stored under the same id). */
            201: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            /** @description The artifact is larger than the configured `artifacts.max_bytes`. */
            413: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INVALID_PARAMS",
                     *       "message": "artifact is 12582912 bytes, over the 10485760-byte limit; split it or raise artifacts.max_bytes",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getArtifact: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path: {
                /** @description Artifact id (sha256 hex). */
                id: components["parameters"]["ArtifactId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stored artifact. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    livez: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Live"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Ready"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            503: components["responses"]["NotReady"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current metrics. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP tasks_enqueued_total Tasks admitted into a queue.
                     *     # TYPE tasks_enqueued_total counter
                     *     tasks_enqueued_total{engine="llamacpp",engine_version="b4000",pool_id="tiny-bigram",replica_id="tiny-bigram-0",priority="interactive"} 12
                     */
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
        };
    };
}
