// Generated from contracts/openapi/pool.yaml (and the shared contracts/openapi/common.yaml)
// by tools/src/regen-openapi.ts with openapi-typescript. Do not edit by hand:
// change the YAML, then run `pnpm regen`.

export interface paths {
    "/v1/replicas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the replica registry
         * @description Every replica pool-managerd manages, in every state. orchestratord places work only on replicas in state `Ready`, using `endpoint` to reach the engine directly.
         */
        get: operations["listReplicas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pools with their status
         * @description Every pool from the config file with its replicas, readiness and drain state.
         */
        get: operations["listPools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}": {
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
         * Read one pool's status
         * @description One pool from the config file with its replicas, readiness and drain state.
         */
        get: operations["getPool"];
        put?: never;
        post?: never;
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
         * @description Marks the pool draining (its replicas go to `Draining` and stop taking new work); replicas stop once idle or when `deadline_ms` elapses.
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
         * Swap the pool's model atomically, rolling back on failure
         * @description Checks VRAM, starts replicas on `new_model_ref`, and only after they preload and pass a first decode retires the old ones (`swapped`). If any step fails, the new replicas are stopped and the old ones keep or regain Ready (`rolled_back`, with `reason`). Both answer 200. With `expected_digest`, a file whose sha256 differs is refused with 400 UNTRUSTED_ARTIFACT before anything starts.
         */
        post: operations["reloadPool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}/load": {
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
         * Load an on-demand pool's model (POOL-052)
         * @description Starts the replica of a pool with `residency` (a `models` entry) and answers once it is Ready or has failed: preflight (the VRAM check names the shortfall per GPU), the engine's start and its first decode. A pool already loaded (or loading) answers at once with its outcome. Which model to evict for room is orchestratord's decision; this call never stops another pool. A body may name the GPUs this load may use (`devices`, the ones orchestratord made room on); without a body the preflight plans over the pool's whole device mask.
         */
        post: operations["loadPool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pools/{id}/unload": {
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
         * Unload an on-demand pool's model (POOL-053)
         * @description Stops the replica of a pool with `residency` and returns its memory: the replica goes to `Stopped` (a `replica_state` event) and is not restarted until the next load. Answers once the engine process has exited. Unloading a pool that is not loaded answers `unloaded: false`.
         */
        post: operations["unloadPool"];
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
         * @description The same health shape orchestratord exposes on its control plane, computed from this pool's replicas.
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
    "/v1/gpus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * GPU inventory of the host
         * @description GPUs as discovered with nvidia-smi, with memory and utilisation at the time of the call. An empty list with `probe.ok: false` means no NVIDIA driver answered.
         */
        get: operations["listGpus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream replica state changes (Server-Sent Events)
         * @description A long-lived `text/event-stream`. Each replica state transition is sent
         *     as one frame with `event: replica_state`, a decimal `id` that rises by
         *     1 per frame, and the change as JSON `data`:
         *
         *     ```
         *     id: 7
         *     event: replica_state
         *     data: {"type":"replica_state","replica_id":"tiny-bigram-0","pool_id":"tiny-bigram","from":"Loading","to":"Ready","at_ms":1764000000000}
         *     ```
         *
         *     The stream starts with the changes that happen after it opens; read
         *     `GET /v1/replicas` first for the current states. Comment lines
         *     (starting with `:`) are keep-alive heartbeats.
         */
        get: operations["streamEvents"];
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
         * @description Answers 200 while the process runs; it does not check engines.
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
         * @description Ready once the config is loaded, the GPU probe has run and every pool with `preload: true` has at least one Ready replica; otherwise 503 with the reasons.
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
         * @description Pool id as declared in the config file (same slug rule as the config schema).
         * @example tiny-bigram
         */
        PoolId: string;
        /**
         * @description Lower-case sha256 hex digest, as `sha256sum` prints it.
         * @example 9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f
         */
        Sha256Hex: string;
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
        LoadRequest: {
            /** @description GPU indices this load may use, a subset of the pool's devices (the planner's choice); absent: the whole mask. They bind the pool's launches until the next load, restarts after a crash included. */
            devices?: number[];
        };
        LoadResult: {
            pool_id: components["schemas"]["PoolId"];
            /**
             * @description `loaded`: this call brought a replica to Ready; `already_loaded`: one was Ready (or became Ready from a load in progress); `failed`: nothing is Ready, `reason` says why, and the replica is stopped.
             * @enum {string}
             */
            outcome: "loaded" | "already_loaded" | "failed";
            model_ref: string;
            /** @description From the call to Ready (or to the failure); 0 for `already_loaded`. */
            load_ms: number;
            /** @description Why the load failed (e.g. the VRAM shortfall per GPU), or null. */
            reason: string | null;
        };
        UnloadRequest: {
            /**
             * @description Logged and carried by the replica's `Stopped` event.
             * @enum {string}
             */
            reason: "make-room" | "idle" | "operator";
        };
        UnloadResult: {
            pool_id: components["schemas"]["PoolId"];
            /** @description False when nothing was loaded. */
            unloaded: boolean;
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
         * @description Replica lifecycle. `Stopped` → `Preflight` (VRAM and binary checks) →
         *     `Starting` (process spawned) → `Loading` (model preload) → `Ready` (preload
         *     and a first decode succeeded). `Draining` finishes work before stopping.
         *     `Failed` is a crash or failed start; `Backoff` waits out the exponential
         *     restart delay; `CircuitOpen` stops restarting after too many crashes in
         *     a row until an operator reloads or the breaker's cool-down ends.
         * @enum {string}
         */
        ReplicaState: "Stopped" | "Preflight" | "Starting" | "Loading" | "Ready" | "Draining" | "Failed" | "Backoff" | "CircuitOpen";
        /** @description One engine process bound to one device mask. */
        Replica: {
            /** @description Replica id, stable across restarts (e.g. `<pool_id>-<n>`). */
            id: string;
            pool_id: components["schemas"]["PoolId"];
            state: components["schemas"]["ReplicaState"];
            /**
             * Format: uri
             * @description Base URL of the engine's HTTP server; null before the process listens.
             */
            endpoint: string | null;
            /**
             * Format: uri
             * @description Base URL where the engine serves `/metrics` when that is not `endpoint` (Triton's
             *     --metrics-port); null or absent when the metrics are at `endpoint`.
             */
            metrics_endpoint?: string | null;
            engine: components["schemas"]["Engine"];
            /** @description Version the engine reported; null until it answered. */
            engine_version: string | null;
            model_ref: string;
            /** @description sha256 of the loaded model file, when known. */
            model_digest: components["schemas"]["Sha256Hex"] | null;
            /** @description GPU indices in the replica's device mask; empty when it runs on CPU. */
            devices: number[];
            /** @description True when the replica runs on CPU under the explicitly allowed, labelled development fallback. */
            cpu_fallback: boolean;
            slots_total: number;
            slots_free: number;
            /** @description VRAM the replica's process uses; null when unknown or on CPU. */
            vram_bytes: number | null;
            /**
             * @description KV-cache bytes one token of context takes on this replica, from the model file's header
             *     (layers × KV heads × (key + value head size) × 2 bytes of f16); null when unknown (not a GGUF
             *     model, or an external engine). orchestratord's session `kv_bytes` estimate builds on it.
             */
            kv_bytes_per_token?: number | null;
            /** @description Most recent failure (crash reason, VRAM OOM vs host OOM, failed preload), or null. */
            last_error: string | null;
            /** @description Restarts since pool-managerd started. */
            restarts: number;
            /** @description OS process id of the engine, while one runs. */
            pid?: number | null;
            /** @description When the replica entered its current state, Unix epoch milliseconds. */
            state_since_ms?: number;
            /**
             * @description While `Backoff` or `CircuitOpen`: when the next start attempt is due, Unix epoch
             *     milliseconds (the backoff delay, or the open breaker's cool-down). Null in every other state.
             */
            retry_at_ms?: number | null;
        };
        /**
         * @example {
         *       "replicas": [
         *         {
         *           "id": "tiny-bigram-0",
         *           "pool_id": "tiny-bigram",
         *           "state": "Ready",
         *           "endpoint": "http://127.0.0.1:39001",
         *           "engine": "llamacpp",
         *           "engine_version": "b4000",
         *           "model_ref": "tiny-bigram",
         *           "model_digest": "0d4f6e8a1c3e5b7d9f1a3c5e7b9d0f9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b",
         *           "devices": [
         *             0
         *           ],
         *           "cpu_fallback": false,
         *           "slots_total": 1,
         *           "slots_free": 1,
         *           "vram_bytes": 314572800,
         *           "last_error": null,
         *           "restarts": 0,
         *           "pid": 41234,
         *           "state_since_ms": 1764000000000
         *         }
         *       ]
         *     }
         */
        ReplicaList: {
            replicas: components["schemas"]["Replica"][];
        };
        /** @description A configured pool and its replicas. */
        PoolStatus: {
            id: components["schemas"]["PoolId"];
            engine: components["schemas"]["Engine"];
            /** @description The model the pool serves now. */
            model_ref: string;
            /** @description At least one replica is Ready and the pool is not draining. */
            ready: boolean;
            draining: boolean;
            /** @description True when the pool runs on CPU under the explicitly allowed, labelled development fallback. */
            cpu_fallback: boolean;
            /** @description The pool's device mask (GPU indices); empty on CPU. */
            devices: number[];
            replicas: components["schemas"]["Replica"][];
            last_error: string | null;
            /** @description Engine version pinned by the pool's replicas; null until known. */
            engine_version?: string | null;
            sampler_profile_version?: string;
            /** @description The pool is a `models` entry (or has `residency`); its replica is loaded and unloaded on demand. */
            on_demand?: boolean;
            /** @description An on-demand pool that is never evicted or unloaded for idleness. */
            pinned?: boolean;
            /** @description Memory one replica needs (weights + KV cache for ctx × slots + overhead), read from the GGUF header without loading it; null when unknown (other engines, external endpoints, unreadable file). */
            footprint_bytes?: number | null;
        };
        PoolList: {
            pools: components["schemas"]["PoolStatus"][];
        };
        /** @description One GPU as nvidia-smi lists it. */
        Gpu: {
            /** @description nvidia-smi index, the number used in device masks. */
            index: number;
            uuid: string;
            name: string;
            /** @description Null when nvidia-smi reports the figure as not available. */
            memory_total_bytes: number | null;
            memory_used_bytes: number | null;
            memory_free_bytes: number | null;
            /** @description GPU busy fraction over the last sample period; null when not supported. */
            utilization_ratio: number | null;
        };
        /** @description How the inventory was obtained. */
        GpuProbe: {
            /** @description True when nvidia-smi ran and its output parsed. */
            ok: boolean;
            /** @description Why the probe failed, quoting the command and its output (e.g. nvidia-smi not found), or null. */
            detail: string | null;
        };
        /**
         * @example {
         *       "gpus": [
         *         {
         *           "index": 0,
         *           "uuid": "GPU-3f1a0b9c-8d7e-6f5a-4b3c-2d1e0f9a8b7c",
         *           "name": "NVIDIA GeForce RTX 3090",
         *           "memory_total_bytes": 25769803776,
         *           "memory_used_bytes": 2147483648,
         *           "memory_free_bytes": 23622320128,
         *           "utilization_ratio": 0.07
         *         },
         *         {
         *           "index": 1,
         *           "uuid": "GPU-9c8d7e6f-5a4b-3c2d-1e0f-9a8b7c6d5e4f",
         *           "name": "NVIDIA GeForce RTX 3060",
         *           "memory_total_bytes": 12884901888,
         *           "memory_used_bytes": 536870912,
         *           "memory_free_bytes": 12348030976,
         *           "utilization_ratio": 0
         *         }
         *       ],
         *       "cpu_fallback": false,
         *       "probe": {
         *         "ok": true,
         *         "detail": null
         *       }
         *     }
         */
        GpuInventory: {
            gpus: components["schemas"]["Gpu"][];
            /** @description True when this host serves at least one pool on CPU under the explicit development fallback. */
            cpu_fallback: boolean;
            probe: components["schemas"]["GpuProbe"];
        };
        /** @description One replica state transition. */
        ReplicaStateChange: {
            /** @constant */
            type: "replica_state";
            replica_id: string;
            pool_id: components["schemas"]["PoolId"];
            from: components["schemas"]["ReplicaState"];
            to: components["schemas"]["ReplicaState"];
            /** @description Unix epoch milliseconds of the transition. */
            at_ms: number;
            /** @description Why the transition happened, when it was not routine (crash, OOM, drain deadline). */
            reason?: string;
        };
        /** @description One decoded frame of the pool-managerd event stream. */
        PoolEvent: {
            /** @constant */
            event: "replica_state";
            id: string;
            data: components["schemas"]["ReplicaStateChange"];
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
        /** @description A token was sent but it is not the deployment's token. */
        Forbidden: {
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
        /** @description Another drain or reload of this pool is running; the message names it. Retry when it ends. */
        PoolBusy: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "POOL_UNREADY",
                 *       "message": "pool tiny-bigram is busy with a reload started 4 s ago; retry when it reports Ready",
                 *       "pool_id": "tiny-bigram",
                 *       "retriable": true
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
    listReplicas: {
        parameters: {
            query?: {
                /** @description Only list replicas of this pool. */
                pool_id?: components["schemas"]["PoolId"];
            };
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
            /** @description The registry. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplicaList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    listPools: {
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
            /** @description Every configured pool. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PoolList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getPool: {
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
            /** @description The pool's status. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PoolStatus"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
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
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["PoolBusy"];
            500: components["responses"]["InternalError"];
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
            /** @description The reload finished. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["PoolBusy"];
            500: components["responses"]["InternalError"];
        };
    };
    loadPool: {
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
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LoadRequest"];
            };
        };
        responses: {
            /** @description The load finished, either way; read `outcome`. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoadResult"];
                };
            };
            /** @description The pool is not on-demand, or the body is malformed, or `devices` names a GPU outside the pool's mask (a CPU pool has none); the message names the mask. */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["PoolBusy"];
            500: components["responses"]["InternalError"];
        };
    };
    unloadPool: {
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
                "application/json": components["schemas"]["UnloadRequest"];
            };
        };
        responses: {
            /** @description The pool is unloaded. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnloadResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["PoolBusy"];
            500: components["responses"]["InternalError"];
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
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    listGpus: {
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
            /** @description The inventory. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GpuInventory"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    streamEvents: {
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
            /** @description The event stream; the schema describes one decoded frame. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "event": "replica_state",
                     *       "id": "7",
                     *       "data": {
                     *         "type": "replica_state",
                     *         "replica_id": "tiny-bigram-0",
                     *         "pool_id": "tiny-bigram",
                     *         "from": "Loading",
                     *         "to": "Ready",
                     *         "at_ms": 1764000000000
                     *       }
                     *     }
                     */
                    "text/event-stream": components["schemas"]["PoolEvent"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
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
            403: components["responses"]["Forbidden"];
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
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NotReady"];
        };
    };
}
