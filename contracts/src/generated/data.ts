// Generated from contracts/openapi/data.yaml (and the shared contracts/openapi/common.yaml)
// by tools/src/regen-openapi.ts with openapi-typescript. Do not edit by hand:
// change the YAML, then run `pnpm regen`.

export interface paths {
    "/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a task for admission
         * @description Checks the guardrails (ctx within the model's limit, prompt plus
         *     `max_tokens` within ctx, session budgets) **before** the task enters a
         *     queue, then enqueues it on a pool serving `model_ref` with `engine`.
         *
         *     Resubmitting the same `task_id` with an identical body is idempotent and
         *     returns the task's current admission; the same `task_id` with a different
         *     body is refused with 409.
         *
         *     By default admission and streaming are two requests: this one answers
         *     202 with the admission, then `GET /v1/tasks/{id}/stream` follows the
         *     task. A client that sends `Accept: text/event-stream` gets both in one:
         *     the answer is `200 text/event-stream` carrying the task's stream, frame
         *     for frame what `GET /v1/tasks/{id}/stream` would send, with the task id
         *     in `X-Llorch-Task-Id`. That stream can still be resumed or replayed
         *     later through `GET /v1/tasks/{id}/stream` with `Last-Event-ID`. A
         *     refusal before admission is the same JSON error either way.
         */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The `task_id` the task was submitted with.
                 * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
                 */
                id: components["parameters"]["TaskId"];
            };
            cookie?: never;
        };
        /**
         * Stream a task's events (Server-Sent Events)
         * @description Streams one task as `text/event-stream`. Frames come in this order:
         *     exactly one `started`; then `token` frames with `i` counting from 0 in
         *     steps of 1, with `metrics` frames possibly interleaved; then exactly one
         *     terminal frame, `end` or `error`, after which the server closes the
         *     stream. After a cancel is acknowledged no further `token` or
         *     `tool_call` frame is sent.
         *
         *     A `chat` task whose model calls tools also sends `tool_call` frames, in
         *     the order the engine produced them, between its token frames. Each call
         *     has an `index` (0 for the first call of the reply); its first frame
         *     carries the call's `id` and `name`, and the `arguments` of all its
         *     frames, concatenated, are the call's arguments as JSON text. Such a task
         *     usually ends with `stop_reason: tool_calls`.
         *
         *     On the wire each frame is `id: <n>`, `event: <name>` and one `data:` line
         *     of JSON, followed by a blank line:
         *
         *     ```
         *     id: 0
         *     event: started
         *     data: {"queue_position":0,"predicted_start_ms":40}
         *
         *     id: 1
         *     event: token
         *     data: {"t":"Silicon","i":0}
         *
         *     id: 2
         *     event: end
         *     data: {"tokens_out":1,"decode_ms":12}
         *     ```
         *
         *     Event ids are decimal integers starting at 0 and rising by 1 per frame
         *     within the task's stream, so all streams of one task share one
         *     transcript. A client that reconnects sends the last id it processed in
         *     `Last-Event-ID` and receives exactly the frames after it; if the server
         *     no longer holds them, it sends a single `error` frame (INVALID_PARAMS)
         *     instead of skipping tokens. A finished task stays replayable for a
         *     grace period. When no frame was written for a while, the server writes
         *     an SSE comment line (starting with `:`) as a heartbeat; heartbeats carry
         *     no id and are not events.
         *
         *     A canceled task ends with an `end` frame that adds `canceled: true`.
         *
         *     The response headers (`X-Correlation-Id` and, when session budgets are
         *     enabled, the three budget headers) are sent once, at the start of the stream.
         */
        get: operations["streamTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The `task_id` the task was submitted with.
                 * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
                 */
                id: components["parameters"]["TaskId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running task
         * @description Removes a queued task from its queue or stops a running one at the
         *     engine. Idempotent: canceling a task that already finished or was
         *     already canceled also answers 204. Once this call returns, the task's
         *     stream emits no further `token` frame.
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The `session_id` used when submitting tasks.
                 * @example 9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22
                 */
                id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        /**
         * Inspect a session
         * @description Reports how long the session lives on, how many turns it used, its KV-cache footprint and warmth, and what is left of its budgets. Sessions expire after their TTL (at most 10 minutes by default) or their turn limit (8 by default).
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
        /**
         * Evict a session
         * @description Drops the session and its KV-cache affinity. Idempotent: deleting an unknown or expired session also answers 204.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/fetch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch a URL for an agent under the deployment's policy
         * @description Makes one outbound HTTP request on the caller's behalf if the `policy`
         *     section of the config allows it. The decision is taken before any DNS
         *     lookup or connection, in this order: `policy.enabled`, the host against
         *     `deny_domains` then `allow_domains` (deny by default), the request body
         *     size against `max_request_bytes`. An allowed name is then resolved once:
         *     if any address it resolves to is loopback, private, link-local,
         *     unique-local or shared (CGNAT), IPv4-mapped forms included, the fetch is
         *     refused (`policy.private_address`) unless `allow_domains` lists that
         *     address; the connection goes only to the addresses checked. Last comes
         *     the deployment-wide rate bucket (`rate_per_minute`). A refusal is
         *     `POLICY_DENIED` with `policy_label` naming the rule.
         *
         *     Domain patterns: `example.com` matches that host only; `*.example.com`
         *     matches any subdomain of it (any depth) but not `example.com`. An
         *     IP-literal host is refused unless an entry names the same address
         *     literally; IPv6 literals are always refused. Ports are not part of the
         *     policy.
         *
         *     Redirects are **not** followed: a 3xx is returned as the result, with
         *     its `Location` header; fetching the next hop is a new call and gets its
         *     own decision.
         *
         *     Only the `headers` given in the body are sent to the target; the
         *     llama-orch request's own `Authorization` and `X-API-Key` never are, and
         *     hop-by-hop headers are dropped. The target's response body is read up
         *     to `max_response_bytes`; a larger one aborts the fetch with 502
         *     `POLICY_DENIED` (no partial body is returned). Every decision writes
         *     one audit log line without header values.
         */
        post: operations["toolFetch"];
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
        /** @description The error envelope of a 429, with the retry fields always present. */
        BackpressureError: components["schemas"]["ErrorEnvelope"] & {
            /** @description The policy that refused the request: the full-queue policy (`reject` or `drop-lru`) for a task, `policy.rate_per_minute` for a fetch. */
            policy_label: string;
            /** @constant */
            retriable: true;
            retry_after_ms: number;
        };
        /**
         * @description Kind of work a task asks for: `completion` continues a raw `prompt`, `chat` answers `messages` through the model's chat template (tool calls included), `embedding` and `rerank` take `inputs`.
         * @enum {string}
         */
        Workload: "completion" | "chat" | "embedding" | "rerank";
        /** @description One outbound HTTP request an agent asks llama-orch to make. */
        FetchRequest: {
            /**
             * Format: uri
             * @description Absolute `http` or `https` URL, without `user:password@`.
             */
            url: string;
            /**
             * @default GET
             * @enum {string}
             */
            method: "GET" | "HEAD" | "POST";
            /** @description Headers to send to the target (names are HTTP tokens). Hop-by-hop headers are dropped; a value containing the llama-orch token is refused. */
            headers?: {
                [key: string]: string;
            };
            /** @description Request body, POST only; at most `policy.max_request_bytes` UTF-8 bytes. */
            body?: string;
            /**
             * @description Limit for the whole fetch, from connecting to the last body byte.
             * @default 10000
             */
            timeout_ms: number;
        };
        /**
         * @description What the target answered.
         * @example {
         *       "status": 302,
         *       "headers": {
         *         "location": "https://docs.python.org/3/",
         *         "content-length": "0"
         *       },
         *       "body": "",
         *       "encoding": "utf8",
         *       "bytes": 0,
         *       "redacted_headers": [
         *         "set-cookie"
         *       ]
         *     }
         */
        FetchResult: {
            /** @description The target's HTTP status; 3xx are returned, never followed. */
            status: number;
            /** @description The target's response headers, names lower-case, repeated headers joined with `, `; hop-by-hop headers and `policy.redact_headers` removed. */
            headers: {
                [key: string]: string;
            };
            /** @description The response body, as text or base64 (see `encoding`); empty for HEAD. */
            body: string;
            /**
             * @description `utf8` when the body bytes are valid UTF-8, else `base64`.
             * @enum {string}
             */
            encoding: "utf8" | "base64";
            /** @description Size of the response body in bytes, before any encoding. */
            bytes: number;
            /** @description Names of the response headers removed by `policy.redact_headers`. */
            redacted_headers: string[];
        };
        /**
         * @description `interactive` tasks always leave the queue before `batch` tasks; FIFO within each.
         * @enum {string}
         */
        Priority: "interactive" | "batch";
        /**
         * @description `strict`: identical inputs on the same replica give an identical token stream (placement avoids anything that would break that). `best_effort`: the engine may batch for throughput.
         * @enum {string}
         */
        Determinism: "strict" | "best_effort";
        /**
         * @description `reuse` prefers the replica holding this session's KV cache; `cold` asks for no reuse.
         * @enum {string}
         */
        KvHint: "reuse" | "cold";
        /** @description One turn of a `chat` conversation. `content` may be null only on an assistant turn that carries `tool_calls`; `tool_calls` belong to assistant turns, and a `tool` turn must name the call it answers in `tool_call_id`. */
        ChatMessage: {
            /** @enum {string} */
            role: "system" | "user" | "assistant" | "tool";
            /** @description The turn's text. */
            content: string | null;
            /** @description Assistant turns only; the calls the model made in that turn. */
            tool_calls?: components["schemas"]["ChatToolCall"][];
            /** @description Tool turns only; the `id` of the call whose result this is. */
            tool_call_id?: string;
            /** @description Optional speaker name, passed to the chat template. */
            name?: string;
        };
        /** @description A function call the model made in an earlier assistant turn. */
        ChatToolCall: {
            id: string;
            /** @constant */
            type: "function";
            function: {
                name: string;
                /** @description The call's arguments as JSON text, exactly as the model wrote them. */
                arguments: string;
            };
        };
        /** @description A function the model may call. */
        ChatTool: {
            /**
             * @description Only function tools exist.
             * @constant
             */
            type: "function";
            function: {
                name: string;
                /** @description What the function does; the model reads this to decide when to call it. */
                description?: string;
                /** @description JSON Schema of the arguments object. */
                parameters?: {
                    [key: string]: unknown;
                };
            };
        };
        /** @description Whether the model may call tools (`auto`, the default when `tools` is set), must not (`none`), must call at least one (`required`), or must call the named function. */
        ToolChoice: ("auto" | "none" | "required") | {
            /** @constant */
            type: "function";
            function: {
                name: string;
            };
        };
        /** @description Shape of a `chat` reply: free `text` (the default), any JSON object (`json_object`), or JSON matching `json_schema.schema` (`json_schema`, which then requires `json_schema`). JSON output needs an engine that can constrain its output. */
        ResponseFormat: {
            /** @constant */
            type: "text";
        } | {
            /** @constant */
            type: "json_object";
        } | {
            /** @constant */
            type: "json_schema";
            json_schema: {
                /** @description A label for the schema. */
                name: string;
                /** @description The JSON Schema the reply must satisfy. */
                schema?: {
                    [key: string]: unknown;
                };
                /** @description Ask the engine to enforce the schema exactly where it can. */
                strict?: boolean;
            };
        };
        /** @description One unit of work. Send exactly the input field of its workload: `prompt` for `completion`, `messages` for `chat`, `inputs` for `embedding` and `rerank`; none, several or the wrong one is INVALID_PARAMS. `tools`, `tool_choice` and `response_format` belong to `chat` only and `suffix` to `completion` only. */
        TaskRequest: {
            /**
             * Format: uuid
             * @description Client-chosen id; also the idempotency key for resubmission.
             */
            task_id: string;
            /**
             * Format: uuid
             * @description Groups turns for KV-cache affinity, TTL and budgets.
             */
            session_id: string;
            workload: components["schemas"]["Workload"];
            /** @description Catalog model id to run. */
            model_ref: string;
            engine: components["schemas"]["Engine"];
            /** @description Context window the task needs, in tokens; must fit the model's limit. */
            ctx: number;
            priority: components["schemas"]["Priority"];
            /** @description Sampling seed; with the same replica and inputs it makes the stream reproducible. */
            seed?: number;
            determinism?: components["schemas"]["Determinism"];
            /**
             * @description Named, versioned sampler parameter set (`det-v1`: greedy, `default-v1`: sampled). Omitted, the task uses the profile of the pool that runs it. A name that is not a profile is 400 INVALID_PARAMS whose message lists the accepted ones; so is a profile that no pool serving `model_ref` runs (replicas of a set all pin one profile).
             * @example det-v1
             */
            sampler_profile_version?: string;
            /** @description Prompt text for `completion` (with `suffix`, the text before the gap). */
            prompt?: string;
            /** @description The conversation for `chat`, oldest turn first. The engine renders it with the model's own chat template. */
            messages?: components["schemas"]["ChatMessage"][];
            /** @description Functions the model may call (`chat` only). Calls come back as `tool_call` stream frames; the engine must support tools. */
            tools?: components["schemas"]["ChatTool"][];
            tool_choice?: components["schemas"]["ToolChoice"];
            response_format?: components["schemas"]["ResponseFormat"];
            /** @description Stop sequences: generation ends before the first of them would be produced, and the task ends with `stop_reason: stop_word`. */
            stop?: string[];
            /** @description `completion` only: fill-in-the-middle. The model writes what goes between `prompt` and `suffix`. Needs an engine with infill (llamacpp, with a model that has fill-in-the-middle tokens). */
            suffix?: string;
            /** @description Overrides the sampler profile's temperature for this task only. */
            temperature?: number;
            /** @description Overrides the sampler profile's top_p (nucleus) for this task only. */
            top_p?: number;
            /** @description Texts for `embedding` or `rerank`. */
            inputs?: string[];
            /** @description Upper bound on generated tokens; prompt tokens plus this must fit in `ctx`. */
            max_tokens: number;
            /** @description Time budget from admission to the end of the stream, in milliseconds. A task predicted to miss it is refused with DEADLINE_UNMET. */
            deadline_ms: number;
            /** @description The client's guess at the output length; improves start-time and deadline predictions. */
            expected_tokens?: number;
            kv_hint?: components["schemas"]["KvHint"];
        };
        /**
         * @description The task is queued; where it stands and when it should start.
         * @example {
         *       "task_id": "3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11",
         *       "queue_position": 2,
         *       "predicted_start_ms": 420,
         *       "backoff_ms": 0
         *     }
         */
        Admission: {
            /** Format: uuid */
            task_id: string;
            /** @description Tasks ahead of this one in its pool's queue; 0 means next. */
            queue_position: number;
            /** @description Estimated milliseconds until decoding starts. */
            predicted_start_ms: number;
            /** @description Suggested pause before submitting more work; 0 when the queue has headroom. */
            backoff_ms: number;
        };
        /**
         * @description A live session. The three budget fields are present when session budgets are enabled; each is null when that particular budget is not set.
         * @example {
         *       "session_id": "9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22",
         *       "ttl_ms_remaining": 412000,
         *       "turns": 3,
         *       "kv_bytes": 1048576,
         *       "kv_warmth": true,
         *       "tokens_budget_remaining": 9000,
         *       "time_budget_remaining_ms": null,
         *       "cost_budget_remaining": null
         *     }
         */
        SessionInfo: {
            /** Format: uuid */
            session_id: string;
            /** @description Milliseconds until the session expires unless used again. */
            ttl_ms_remaining: number;
            /** @description Tasks submitted in this session so far. */
            turns: number;
            /** @description Estimated KV-cache bytes the session holds on its replica: the tokens its slot holds after its last run (prompt plus reply) times the model's KV bytes per token (llama.cpp: from the GGUF header). 0 when the model's per-token size is unknown. */
            kv_bytes: number;
            /** @description True when the session's last replica still holds its KV cache. */
            kv_warmth: boolean;
            /** @description The agent client that opened the session (`owner` for the deployment token). Another client naming the id is answered as if it did not exist; the owner sees every session. */
            client?: string;
            tokens_budget_remaining?: number | null;
            time_budget_remaining_ms?: number | null;
            cost_budget_remaining?: number | null;
        };
        /** @description Data of the `started` frame; always the first frame. */
        SseStarted: {
            queue_position: number;
            predicted_start_ms: number;
            /** @description The agent client that submitted the task (`owner` for the deployment token), so a retained transcript says whose work it was (ORCHD-095). */
            client?: string;
        };
        /** @description Data of a `token` frame. */
        SseToken: {
            /** @description Token text. */
            t: string;
            /** @description Token index, from 0, rising by 1 per token frame. */
            i: number;
        };
        /** @description Data of a `metrics` frame: an additive snapshot. Every key is optional and clients ignore keys they do not know. */
        SseMetrics: {
            /**
             * @description Whether the task waits in its queue, waits for its on-demand model to be loaded (ORCHD-076; `predicted_start_ms` counts the load time still to go), or its engine is generating.
             * @enum {string}
             */
            phase?: "queued" | "loading_model" | "decoding";
            /** @description While queued or loading_model, the predicted wait until the task starts. */
            predicted_start_ms?: number;
            queue_depth?: number;
            /** @description While queued, tasks ahead of this one in its pool's queue; 0 means next. */
            queue_position?: number;
            /** @description While decoding, token frames sent so far. */
            tokens_out?: number;
            /** @description Estimated chance that the task finishes within its deadline. */
            on_time_probability?: number;
            /** @description False when the task runs on a replica that does not hold the session's KV cache. */
            kv_warmth?: boolean;
            /** @description Whether the session's KV cache moved with it to another replica (currently never). */
            kv_migrated?: boolean;
            tokens_budget_remaining?: number | null;
            time_budget_remaining_ms?: number | null;
            cost_budget_remaining?: number | null;
        } & {
            [key: string]: unknown;
        };
        /** @description Data of a `tool_call` frame: the next piece of one tool call. The first frame of a call carries its `id` and `name`; every frame adds to its `arguments`. */
        SseToolCall: {
            /** @description Which call of the reply this piece belongs to, from 0. */
            index: number;
            /** @description The call's id; a tool result later names it in `tool_call_id`. */
            id?: string;
            /** @description The function called. */
            name?: string;
            /** @description The next piece of the arguments' JSON text ('' when the frame only names the call); the pieces of one call, joined in order, are the whole JSON text. */
            arguments: string;
        };
        /** @description Data of the `end` frame; the successful terminal frame. */
        SseEnd: {
            /** @description Token frames sent; equals the last `i` plus one. */
            tokens_out: number;
            /** @description Milliseconds from the first to the last generated token. */
            decode_ms: number;
            /**
             * @description Why generation stopped: the model ended its reply (`eos`), `max_tokens` was reached (`limit`), a `stop` sequence came up (`stop_word`), or the model handed over to its tool calls (`tool_calls`). Absent after a cancel.
             * @enum {string}
             */
            stop_reason?: "eos" | "limit" | "stop_word" | "tool_calls";
            /** @description Prompt tokens as the engine counted them (chat template and tools included), when it reports them. */
            tokens_in?: number;
            /** @description Tokens the engine generated, tool calls included, when it reports them; can exceed `tokens_out`, which counts token frames only. */
            completion_tokens?: number;
            /**
             * @description Present and true when the stream ended because the task was canceled.
             * @constant
             */
            canceled?: true;
            reason?: components["schemas"]["StreamCancelReason"];
        };
        /**
         * @description Present with `canceled`: who ended the task. `client`: a cancel call; `drain`: the pool's drain deadline passed; `shutdown`: the daemon stopped before the task finished; `abandoned`: every reader of the stream went away and stayed away.
         * @enum {string}
         */
        StreamCancelReason: "client" | "drain" | "shutdown" | "abandoned";
        SseStartedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "started";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["SseStarted"];
        };
        SseTokenEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "token";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["SseToken"];
        };
        SseToolCallEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "tool_call";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["SseToolCall"];
        };
        SseMetricsEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "metrics";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["SseMetrics"];
        };
        SseEndEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "end";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["SseEnd"];
        };
        SseErrorEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event: "error";
            id: components["schemas"]["SseEventId"];
            data: components["schemas"]["ErrorEnvelope"];
        };
        /** @description The frame's `id:` line; decimal, from 0, rising by 1 per frame. */
        SseEventId: string;
        /** @description One decoded frame of the task stream, told apart by its `event` name. */
        SseEvent: components["schemas"]["SseStartedEvent"] | components["schemas"]["SseTokenEvent"] | components["schemas"]["SseToolCallEvent"] | components["schemas"]["SseMetricsEvent"] | components["schemas"]["SseEndEvent"] | components["schemas"]["SseErrorEvent"];
        /**
         * @description Pool id as declared in the config file (same slug rule as the config schema).
         * @example tiny-bigram
         */
        PoolId: string;
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
        /** @description No task has this id (never submitted, or forgotten after it ended). */
        TaskNotFound: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "NOT_FOUND",
                 *       "message": "no task 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11; submit it with POST /v1/tasks first",
                 *       "retriable": false
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description The queue is full and the active full-queue policy refused the task.
         *     Wait `Retry-After` seconds (or `X-Backoff-Ms` milliseconds) and retry.
         *     `policy_label` names the policy (`reject` or `drop-lru`).
         */
        Backpressure: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Backoff-Ms": components["headers"]["BackoffMs"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["BackpressureError"];
            };
        };
        /** @description No pool can take the task now: `POOL_UNREADY` (the pool exists but has no Ready replica, e.g. still loading or draining) or `POOL_UNAVAILABLE` (no pool serves this model/engine, or its engines are unreachable). */
        PoolNotServing: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                /** @description Seconds to wait before retrying, when the server can estimate it. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
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
        /**
         * @description The `task_id` the task was submitted with.
         * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
         */
        TaskId: string;
        /**
         * @description The `session_id` used when submitting tasks.
         * @example 9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22
         */
        SessionId: string;
        /**
         * @description Id of the last frame the client processed; only frames with a larger id are sent.
         * @example 17
         */
        LastEventId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description The request's correlation id: the one the client sent, or a fresh one. Present on every response except 204 No Content.
         * @example 7f3c2a9e-agent-42
         */
        CorrelationId: string;
        /**
         * @description The id of the task this request became. It works with the native `GET /v1/tasks/{id}/stream` (to follow or replay the task) and `POST /v1/tasks/{id}/cancel`.
         * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
         */
        LlorchTaskId: string;
        /**
         * @description Whole seconds to wait before retrying, rounded up from the wait in milliseconds (`X-Backoff-Ms`, and `retry_after_ms` in native error bodies).
         * @example 2
         */
        RetryAfter: number;
        /**
         * @description The same wait in milliseconds, for clients that want finer timing.
         * @example 1500
         */
        BackoffMs: number;
        /**
         * @description Tokens left in the session's token budget; absent when no token budget is set.
         * @example 9000
         */
        BudgetTokensRemaining: number;
        /**
         * @description Milliseconds of decode time left in the session's time budget; absent when none is set.
         * @example 540000
         */
        BudgetTimeRemainingMs: number;
        /**
         * @description Cost units left in the session's cost budget (decimal); absent when none is set.
         * @example 1.5
         */
        BudgetCostRemaining: number;
        /**
         * @description Set when the task was queued below the priority it asked for because the agent client's `max_priority` is lower: `asked->admitted`.
         * @example interactive->batch
         */
        PriorityLowered: "interactive->batch";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createTask: {
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
                "application/json": components["schemas"]["TaskRequest"];
            };
        };
        responses: {
            /** @description Sent instead of 202 when the request asked for `Accept: text/event-stream`: the admitted task's stream, with the same frames, ids and heartbeats as `GET /v1/tasks/{id}/stream`. Headers come once, at the start of the stream. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Llorch-Task-Id": components["headers"]["LlorchTaskId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["SseEvent"];
                };
            };
            /** @description Admitted; open the stream to follow it. */
            202: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Budget-Tokens-Remaining": components["headers"]["BudgetTokensRemaining"];
                    "X-Budget-Time-Remaining-Ms": components["headers"]["BudgetTimeRemainingMs"];
                    "X-Budget-Cost-Remaining": components["headers"]["BudgetCostRemaining"];
                    "X-Llorch-Priority-Lowered": components["headers"]["PriorityLowered"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Admission"];
                };
            };
            /**
             * @description Invalid body or a guardrail refused the task before it was queued:
             *     `INVALID_PARAMS` (schema, ctx over the model limit, prompt plus
             *     max_tokens over ctx, not exactly one of prompt/messages/inputs or
             *     the wrong one for the workload, a chat-only or completion-only field
             *     on another workload, an engine that cannot serve chat, tools,
             *     infill or JSON output, an unknown `sampler_profile_version` or one
             *     no pool serving the model runs),
             *     `ADMISSION_REJECT` (session budget or turn limit exhausted),
             *     `DEADLINE_UNMET` (the predicted finish is past `deadline_ms`),
             *     `MODEL_DEPRECATED` (model Retired or Deprecated in the catalog),
             *     `UNTRUSTED_ARTIFACT` (model failed verification under a strict trust policy).
             */
            400: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            /** @description This `task_id` was already submitted with a different body; pick a new task_id. */
            409: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "ADMISSION_REJECT",
                     *       "message": "task_id 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11 was already submitted with a different body; use a new task_id",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            429: components["responses"]["Backpressure"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["PoolNotServing"];
        };
    };
    streamTask: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /**
                 * @description Id of the last frame the client processed; only frames with a larger id are sent.
                 * @example 17
                 */
                "Last-Event-ID"?: components["parameters"]["LastEventId"];
            };
            path: {
                /**
                 * @description The `task_id` the task was submitted with.
                 * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
                 */
                id: components["parameters"]["TaskId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. The schema describes one decoded frame (`event`, `id`, parsed `data`). */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Budget-Tokens-Remaining": components["headers"]["BudgetTokensRemaining"];
                    "X-Budget-Time-Remaining-Ms": components["headers"]["BudgetTimeRemainingMs"];
                    "X-Budget-Cost-Remaining": components["headers"]["BudgetCostRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["SseEvent"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["TaskNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    cancelTask: {
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
                /**
                 * @description The `task_id` the task was submitted with.
                 * @example 3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11
                 */
                id: components["parameters"]["TaskId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task is canceled (or had already ended). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            404: components["responses"]["TaskNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getSession: {
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
                /**
                 * @description The `session_id` used when submitting tasks.
                 * @example 9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22
                 */
                id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session's current state. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionInfo"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            /** @description No live session has this id (never created, expired or deleted). */
            404: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "no live session 9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22; it may have expired",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    deleteSession: {
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
                /**
                 * @description The `session_id` used when submitting tasks.
                 * @example 9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22
                 */
                id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenToClient"];
            500: components["responses"]["InternalError"];
        };
    };
    toolFetch: {
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
                "application/json": components["schemas"]["FetchRequest"];
            };
        };
        responses: {
            /** @description The target answered (any status, 3xx included); its status, headers and body are in the result. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FetchResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description Either the llama-orch token is wrong (INVALID_PARAMS, as on every route) or the policy refused the fetch (POLICY_DENIED, with `policy_label` `policy.enabled`, `policy.deny_domains`, `policy.allow_domains`, `policy.ip_literal` or `policy.private_address`). */
            403: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request `body` is larger than `policy.max_request_bytes`. */
            413: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "POLICY_DENIED",
                     *       "message": "request body is 70000 bytes, over policy.max_request_bytes (65536); send less or raise the limit",
                     *       "policy_label": "policy.max_request_bytes",
                     *       "retriable": false
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The deployment's fetch rate bucket is empty. `retry_after_ms` is the time until it holds a token again. */
            429: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-Backoff-Ms": components["headers"]["BackoffMs"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "POLICY_DENIED",
                     *       "message": "fetch rate limit of 30 per minute reached (policy.rate_per_minute); retry after 2000 ms",
                     *       "policy_label": "policy.rate_per_minute",
                     *       "retriable": true,
                     *       "retry_after_ms": 2000
                     *     }
                     */
                    "application/json": components["schemas"]["BackpressureError"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description The response body passed `policy.max_response_bytes` (POLICY_DENIED, the connection was aborted and nothing is returned), or the target could not be reached (FETCH_FAILED). */
            502: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The target did not answer within `timeout_ms` (FETCH_FAILED). */
            504: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FETCH_FAILED",
                     *       "message": "fetch of docs.python.org timed out after 10000 ms; retry later or raise timeout_ms",
                     *       "retriable": true
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
}
