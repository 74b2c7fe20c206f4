// Generated from contracts/openapi/compat.yaml and the shared
//   contracts/openapi/common.yaml
//   contracts/openapi/compat-openai.yaml
//   contracts/openapi/compat-responses.yaml
//   contracts/openapi/compat-anthropic.yaml
// by tools/src/regen-openapi.ts with openapi-typescript. Do not edit by hand:
// change the YAML, then run `pnpm regen`.

export interface paths {
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the models agents can use
         * @description Lists the catalog models that a configured pool serves. The shape follows the caller: Anthropic's (`data` of `type: model` entries with `has_more`, `first_id`, `last_id`) when the request carries an `anthropic-version` header, OpenAI's (`object: list`) otherwise. All served models fit on one page.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Chat Completions
         * @description Runs a `chat` task. With `stream: true` the answer is a `text/event-stream` of `data:` lines, each one `chat.completion.chunk` JSON, ending with `data: [DONE]`; otherwise one `chat.completion` body once the task ends. Tool calls the model makes come back as `tool_calls` with `finish_reason: tool_calls`.
         */
        post: operations["createChatCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Completions (raw prompt, fill-in-the-middle)
         * @description Runs a `completion` task on one raw prompt, or a fill-in-the-middle task when `suffix` is given (editor autocompletion). Streams `text_completion` chunks ending with `data: [DONE]` when `stream` is true.
         */
        post: operations["createCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Responses (the subset Codex CLI uses)
         * @description Runs a `chat` task from Responses input items and answers with a `response` object whose `output` holds an assistant message and/or function calls. With `stream: true` the answer is `text/event-stream` with one named event per `data:` line (see OpenAiResponseStreamEvent). The returned `id` can be sent as `previous_response_id` on the next turn for as long as the server still holds that transcript.
         */
        post: operations["createResponse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anthropic Messages
         * @description Runs a `chat` task from Anthropic messages and answers with a `message` whose `content` holds text and `tool_use` blocks. With `stream: true` the answer is `text/event-stream` with one named event per `data:` line (see AnthropicStreamEvent). The SDK's beta routes (`?beta=true`) land here too.
         */
        post: operations["createMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/count_tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count the prompt tokens of a Messages request
         * @description Renders the request through the model's chat template (tools included) and counts the tokens with the engine that serves the model. Nothing is generated and no task is queued, so it needs no `max_tokens`.
         */
        post: operations["countMessageTokens"];
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
        /** @description Anthropic's error body when the request has `anthropic-version`, OpenAI's otherwise (the two are told apart by Anthropic's top-level `type: error`). */
        EitherError: components["schemas"]["OpenAiError"] | components["schemas"]["AnthropicError"];
        OpenAiModel: {
            /** @description The catalog id; send it as `model` (it is the native `model_ref`). */
            id: string;
            /** @constant */
            object: "model";
            /** @description Unix time in seconds at which the model entered the catalog. */
            created: number;
            /** @description Always `llama-orch`. */
            owned_by: string;
            /**
             * @description llama-orch's own field (ORCHD-075): `resident` while a replica of the model is Ready, `loading` while one is starting, `unloaded` for an on-demand model (config `models`) that a request would load first.
             * @enum {string}
             */
            state?: "resident" | "loading" | "unloaded";
            /** @description The model is a `models` entry, loaded on demand and evicted or unloaded when idle. */
            on_demand?: boolean;
            /** @description An on-demand model that is never evicted nor unloaded for idleness. */
            pinned?: boolean;
            /** @description GPU indices its Ready or loading replicas use; empty on the CPU or while unloaded. */
            devices?: number[];
            /** @description Memory one replica needs (weights + KV + overhead), from the GGUF header; null when unknown. */
            footprint_bytes?: number | null;
        };
        /** @description The served models, in OpenAI's list shape. */
        OpenAiModelList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["OpenAiModel"][];
        };
        AnthropicModelInfo: {
            /** @constant */
            type: "model";
            /** @description The catalog id; send it as `model`. */
            id: string;
            display_name: string;
            /**
             * Format: date-time
             * @description When the model entered the catalog.
             */
            created_at: string;
        };
        /** @description The served models, in Anthropic's list shape (one page holds them all). */
        AnthropicModelList: {
            data: components["schemas"]["AnthropicModelInfo"][];
            /** @constant */
            has_more: false;
            first_id: string | null;
            last_id: string | null;
        };
        /** @description An OpenAI-style code where a client may act on it (`model_not_found`, `context_length_exceeded`, `unsupported_parameter`, `previous_response_not_found`, `invalid_api_key`); otherwise the llama-orch error code behind the failure (the native `ErrorCode`) in lower case, as OpenAI spells its codes. */
        OpenAiErrorCode: ("model_not_found" | "context_length_exceeded" | "unsupported_parameter" | "previous_response_not_found" | "invalid_api_key") | ("admission_reject" | "queue_full_drop_lru" | "invalid_params" | "pool_unready" | "pool_unavailable" | "replica_exhausted" | "decode_timeout" | "worker_reset" | "internal" | "deadline_unmet" | "model_deprecated" | "untrusted_artifact" | "policy_denied" | "fetch_failed" | "not_found");
        /** @description OpenAI's error body. The HTTP status says what kind of failure it is; `code` says exactly which. */
        OpenAiError: {
            error: {
                /** @description What went wrong and what to do about it. */
                message: string;
                /**
                 * @description `invalid_request_error` (400, 413), `authentication_error` (401), `permission_error` (403), `not_found_error` (404), `rate_limit_error` (429), `server_error` (500, 503, and failures during a stream).
                 * @enum {string}
                 */
                type: "invalid_request_error" | "authentication_error" | "permission_error" | "not_found_error" | "rate_limit_error" | "server_error";
                code: components["schemas"]["OpenAiErrorCode"];
                /** @description The request field at fault (for example `n` or `messages[2].content[0]`), or null. */
                param: string | null;
            };
        };
        /** @description Anthropic's error body; also the data of a stream `error` event when a task fails after its stream began. */
        AnthropicError: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "error";
            error: {
                /**
                 * @description `invalid_request_error` (400), `authentication_error` (401), `permission_error` (403), `not_found_error` (404), `request_too_large` (413), `rate_limit_error` (429), `api_error` (500, 503, and failures during a stream), `overloaded_error` (503 while the pool is not ready, and a stream whose replica ran out of capacity).
                 * @enum {string}
                 */
                type: "invalid_request_error" | "authentication_error" | "permission_error" | "not_found_error" | "request_too_large" | "rate_limit_error" | "api_error" | "overloaded_error";
                /** @description What went wrong and what to do about it. */
                message: string;
            };
        };
        /**
         * @description `interactive` tasks always leave the queue before `batch` tasks; FIFO within each.
         * @enum {string}
         */
        Priority: "interactive" | "batch";
        OpenAiTextPart: {
            /** @constant */
            type: "text";
            text: string;
        };
        /** @description A function call the model made. */
        OpenAiToolCall: {
            id: string;
            /** @constant */
            type: "function";
            function: {
                name: string;
                /** @description The arguments as JSON text, exactly as the model wrote them. */
                arguments: string;
            };
        };
        /** @description One turn. `developer` is treated as `system`. `content` is a string or a list of text parts (joined in order); other part types (images, audio, files) are refused with 400. An assistant turn that only calls tools may leave `content` out or null; a `tool` turn names the call it answers in `tool_call_id`. */
        OpenAiChatMessage: {
            /** @enum {string} */
            role: "system" | "developer" | "user" | "assistant" | "tool";
            content?: string | components["schemas"]["OpenAiTextPart"][] | null;
            name?: string;
            tool_calls?: components["schemas"]["OpenAiToolCall"][];
            tool_call_id?: string;
        };
        /** @description A function the model may call; only function tools are served. */
        OpenAiChatTool: {
            /** @constant */
            type: "function";
            function: {
                name: string;
                description?: string;
                /** @description JSON Schema of the arguments object. */
                parameters?: {
                    [key: string]: unknown;
                };
                /** @description Accepted; the engine enforces the schema only where it can. */
                strict?: boolean;
            };
        };
        /** @description `auto` (default with tools), `none`, `required`, or one named function. */
        OpenAiToolChoice: ("auto" | "none" | "required") | {
            /** @constant */
            type: "function";
            function: {
                name: string;
            };
        };
        /** @description One stop sequence or up to 16 of them. */
        OpenAiStop: string | string[];
        /** @description Sampling seed. Together with `temperature: 0` or a deterministic pool, the same request on the same replica gives the same output. */
        OpenAiSeed: number;
        /** @description Free text (default), any JSON object, or JSON matching a schema; JSON needs an engine that can constrain output. */
        OpenAiResponseFormat: {
            /** @enum {string} */
            type: "text" | "json_object" | "json_schema";
            json_schema?: {
                name: string;
                description?: string;
                schema?: {
                    [key: string]: unknown;
                };
                strict?: boolean;
            };
        };
        OpenAiStreamOptions: {
            /** @description Send one more chunk before `[DONE]` with empty `choices` and the request's `usage`; every other chunk then has `usage: null`. */
            include_usage?: boolean;
        };
        /** @description The served subset of a Chat Completions request. Fields not listed here are accepted and ignored when they cannot change the output (`user`, `metadata`, `store`, `parallel_tool_calls`, `service_tier`, ...); the ones that would change it but are not served are refused with 400 `unsupported_parameter` (see `x-unsupported` in compat.yaml). */
        OpenAiChatCompletionRequest: {
            /** @description A model id from `GET /v1/models`. */
            model: string;
            messages: components["schemas"]["OpenAiChatMessage"][];
            tools?: components["schemas"]["OpenAiChatTool"][];
            tool_choice?: components["schemas"]["OpenAiToolChoice"];
            stop?: components["schemas"]["OpenAiStop"];
            /** @description Upper bound on generated tokens. Omitted, the rest of the context window. */
            max_tokens?: number;
            /** @description The newer name for `max_tokens`; when both are sent, this one wins. */
            max_completion_tokens?: number;
            /** @description Overrides the pool's sampler profile for this request. */
            temperature?: number;
            /** @description Overrides the pool's sampler profile for this request. */
            top_p?: number;
            seed?: components["schemas"]["OpenAiSeed"];
            response_format?: components["schemas"]["OpenAiResponseFormat"];
            /** @description Answer with `chat.completion.chunk` events over SSE instead of one JSON body (default false). */
            stream?: boolean;
            stream_options?: components["schemas"]["OpenAiStreamOptions"];
            /** @description Only one choice is generated; more is refused. */
            n?: number;
            /**
             * @description Log probabilities are not returned; `true` is refused.
             * @constant
             */
            logprobs?: false;
        } & {
            [key: string]: unknown;
        };
        OpenAiAssistantMessage: {
            /** @constant */
            role: "assistant";
            /** @description The reply's text; null when the model only called tools. */
            content: string | null;
            /** @description Always null. OpenAI fills it when its own safety layer declines to answer; the served models have no such layer, and a model that declines says so in `content`. */
            refusal: null;
            /** @description Present when the model called tools. */
            tool_calls?: components["schemas"]["OpenAiToolCall"][];
        };
        /**
         * @description `stop`: the model ended its reply or hit a stop sequence; `length`: the token limit or the context window was reached; `tool_calls`: the model handed over to its tool calls.
         * @enum {string}
         */
        OpenAiFinishReason: "stop" | "length" | "tool_calls";
        /** @description Token counts as the engine reported them. */
        OpenAiUsage: {
            prompt_tokens: number;
            /** @description Generated tokens, tool calls included. */
            completion_tokens: number;
            total_tokens: number;
        };
        /** @description A whole chat reply (`stream` false or absent). */
        OpenAiChatCompletion: {
            /** @description `chatcmpl-` followed by the llama-orch task id. */
            id: string;
            /** @constant */
            object: "chat.completion";
            /** @description Unix time in seconds. */
            created: number;
            model: string;
            choices: {
                /** @constant */
                index: 0;
                message: components["schemas"]["OpenAiAssistantMessage"];
                finish_reason: components["schemas"]["OpenAiFinishReason"];
                logprobs: null;
            }[];
            usage: components["schemas"]["OpenAiUsage"];
        };
        OpenAiChatDelta: {
            /** @constant */
            role?: "assistant";
            content?: string | null;
            tool_calls?: {
                /** @description Which call of the reply this piece belongs to, from 0. */
                index: number;
                id?: string;
                /** @constant */
                type?: "function";
                function?: {
                    name?: string;
                    /** @description The next piece of the arguments' JSON text. */
                    arguments?: string;
                };
            }[];
        };
        /** @description One streamed piece of a chat reply. The first chunk's delta carries `role`; text arrives in `content` pieces and tool calls in `tool_calls` pieces (a call's first piece has its `id`, `type` and `name`, later pieces add to `arguments`); the last choice chunk has `finish_reason`. */
        OpenAiChatCompletionChunk: {
            /** @description The same id on every chunk of one reply. */
            id: string;
            /** @constant */
            object: "chat.completion.chunk";
            created: number;
            model: string;
            /** @description One choice; empty only on the usage chunk. */
            choices: {
                /** @constant */
                index: 0;
                delta: components["schemas"]["OpenAiChatDelta"];
                finish_reason: components["schemas"]["OpenAiFinishReason"] | null;
                /** @description Always null, as on the whole reply; token probabilities are not passed through. */
                logprobs: null;
            }[];
            /** @description Only with `stream_options.include_usage`; null except on the usage chunk. */
            usage?: components["schemas"]["OpenAiUsage"] | null;
        };
        /**
         * @description The last `data:` line of a stream that finished; it is not JSON.
         * @constant
         */
        OpenAiStreamDone: "[DONE]";
        /** @description What one `data:` line of a chat stream holds: a chunk, the closing `[DONE]`, or, when the task fails after the stream began, an error body, after which the stream closes without `[DONE]`. */
        OpenAiChatStreamData: components["schemas"]["OpenAiChatCompletionChunk"] | components["schemas"]["OpenAiStreamDone"] | components["schemas"]["OpenAiError"];
        /** @description The served subset of a legacy Completions request: one raw prompt, optionally with a `suffix` to fill in between. Unknown fields are ignored as for chat; `n` or `best_of` above 1, `echo` and `logprobs` are refused with 400. */
        OpenAiCompletionRequest: {
            model: string;
            /** @description One prompt string (lists of prompts or of token ids are refused). */
            prompt: string;
            /** @description Fill-in-the-middle: generate what goes between `prompt` and `suffix`. Needs an engine with infill (llamacpp) and a model with fill-in-the-middle tokens. */
            suffix?: string;
            /** @description Upper bound on generated tokens; 16 when omitted, as in OpenAI's API. */
            max_tokens?: number;
            stop?: components["schemas"]["OpenAiStop"];
            seed?: components["schemas"]["OpenAiSeed"];
            temperature?: number;
            top_p?: number;
            /** @description Answer with `text_completion` chunks over SSE instead of one JSON body (default false). */
            stream?: boolean;
            stream_options?: components["schemas"]["OpenAiStreamOptions"];
            n?: number;
            best_of?: number;
            /** @constant */
            echo?: false;
            logprobs?: null;
        } & {
            [key: string]: unknown;
        };
        OpenAiCompletionChoice: {
            /** @constant */
            index: 0;
            text: string;
            /** @enum {string} */
            finish_reason: "stop" | "length";
            logprobs: null;
        };
        /** @description A whole completion (`stream` false or absent). */
        OpenAiCompletion: {
            /** @description `cmpl-` followed by the llama-orch task id. */
            id: string;
            /** @constant */
            object: "text_completion";
            created: number;
            model: string;
            choices: components["schemas"]["OpenAiCompletionChoice"][];
            usage: components["schemas"]["OpenAiUsage"];
        };
        /** @description One streamed piece of a completion: the same object as the whole one, with the next piece of text in `choices[0].text` and `finish_reason` null until the last piece. */
        OpenAiCompletionChunk: {
            id: string;
            /** @constant */
            object: "text_completion";
            created: number;
            model: string;
            choices: {
                /** @constant */
                index: 0;
                text: string;
                /** @enum {string|null} */
                finish_reason: "stop" | "length" | null;
                /** @description Always null, as on the whole completion; token probabilities are not passed through. */
                logprobs: null;
            }[];
            usage?: components["schemas"]["OpenAiUsage"] | null;
        };
        /** @description What one `data:` line of a completion stream holds (see OpenAiChatStreamData). */
        OpenAiCompletionStreamData: components["schemas"]["OpenAiCompletionChunk"] | components["schemas"]["OpenAiStreamDone"] | components["schemas"]["OpenAiError"];
        /** @description `input_text` in user, system and developer messages; `output_text` in assistant messages replayed from earlier turns. */
        OpenAiResponseTextPart: {
            /** @enum {string} */
            type: "input_text" | "output_text";
            text: string;
        };
        /** @description A message. `developer` is treated as `system`. Text parts are joined in order; image and file parts are refused. */
        OpenAiResponseInputMessage: {
            /** @constant */
            type?: "message";
            /** @enum {string} */
            role: "user" | "assistant" | "system" | "developer";
            content: string | components["schemas"]["OpenAiResponseTextPart"][];
        };
        /** @description A function call the model made (as input, replayed from an earlier turn). */
        OpenAiResponseFunctionCall: {
            /** @constant */
            type: "function_call";
            /** @description The item's id. */
            id?: string;
            /** @description The id a `function_call_output` answers. */
            call_id: string;
            name: string;
            /** @description The arguments as JSON text. */
            arguments: string;
            /** @enum {string} */
            status?: "in_progress" | "completed" | "incomplete";
        };
        /** @description The result of running a function call, sent back to the model. */
        OpenAiResponseFunctionCallOutput: {
            /** @constant */
            type: "function_call_output";
            call_id: string;
            output: string;
        };
        /** @description Reasoning replayed by a client from another provider. Accepted and dropped: its content is not readable by other models, and this server never produces it. */
        OpenAiResponseReasoningItem: {
            /** @constant */
            type: "reasoning";
        };
        /** @description One item of the conversation, told apart by `type`; a message item may leave `type` out (it is then recognised by its `role`). */
        OpenAiResponseInputItem: components["schemas"]["OpenAiResponseInputMessage"] | components["schemas"]["OpenAiResponseFunctionCall"] | components["schemas"]["OpenAiResponseFunctionCallOutput"] | components["schemas"]["OpenAiResponseReasoningItem"];
        /** @description A function the model may call (the flat Responses shape, not the Chat Completions one). */
        OpenAiResponseFunctionTool: {
            /** @constant */
            type: "function";
            name: string;
            description?: string | null;
            /** @description JSON Schema of the arguments object. */
            parameters?: {
                [key: string]: unknown;
            } | null;
            strict?: boolean | null;
        };
        /** @description `auto` (default with tools), `none`, `required`, or one named function. */
        OpenAiResponseToolChoice: ("auto" | "none" | "required") | {
            /** @constant */
            type: "function";
            name: string;
        };
        /** @description The shape of the output text: free text (the default), any JSON object, or JSON that matches `schema`. JSON output needs an engine that can constrain what it generates, as for the chat `response_format`. */
        OpenAiResponseTextFormat: {
            /** @constant */
            type: "text";
        } | {
            /** @constant */
            type: "json_object";
        } | {
            /** @constant */
            type: "json_schema";
            /** @description The schema's name. A request may leave it out; the response then names it `response`. */
            name: string;
            description?: string;
            /** @description JSON Schema the output must match. */
            schema: {
                [key: string]: unknown;
            };
            strict?: boolean | null;
        };
        /** @description The caller's own labels for a response. They are not read, only repeated back on the response; OpenAI limits them to 16 string values, which this server does not check. */
        OpenAiResponseMetadata: {
            [key: string]: unknown;
        };
        /** @description The served subset of a Responses request. Fields not listed are accepted and ignored when they cannot change the output (`reasoning`, `include`, `prompt_cache_key`, `user`, ...); image or file inputs, and the listed fields this server cannot honour (`background`, `conversation`, `prompt`), are refused with 400 `unsupported_parameter`. */
        OpenAiResponseRequest: {
            /** @description A model id from `GET /v1/models`. */
            model: string;
            /** @description A user message as plain text, or the conversation as a list of items. With `previous_response_id`, only the items that came after that response. */
            input: string | components["schemas"]["OpenAiResponseInputItem"][];
            /** @description System text placed before the conversation. It is not carried over by `previous_response_id`; send it on every turn. */
            instructions?: string | null;
            tools?: components["schemas"]["OpenAiResponseFunctionTool"][];
            tool_choice?: components["schemas"]["OpenAiResponseToolChoice"];
            /** @description Repeated back on the response (default true). It does not change how many calls the model makes: that is up to the model and its chat template. */
            parallel_tool_calls?: boolean;
            /** @description Output settings. `format` is honoured; the others (such as `verbosity`) are accepted and ignored. */
            text?: {
                format?: components["schemas"]["OpenAiResponseTextFormat"];
            } & {
                [key: string]: unknown;
            };
            metadata?: components["schemas"]["OpenAiResponseMetadata"];
            /** @description Upper bound on generated tokens; reaching it leaves the response `incomplete`. */
            max_output_tokens?: number;
            temperature?: number;
            top_p?: number;
            /** @description Answer with Responses stream events over SSE instead of one JSON body (default false). */
            stream?: boolean;
            /** @description Continue from an earlier response of this server: its input and output come before this request's `input`. llama-orch keeps the conversations of recent responses in memory, bounded in number and age by its config; an id it never issued, has already forgotten, or that was created with `store: false` is a 404 `previous_response_not_found`, and the client must resend the whole conversation. */
            previous_response_id?: string | null;
            /** @description `false` keeps this response's conversation out of that memory (it cannot be continued with `previous_response_id`); otherwise it is kept within the bounds above. Nothing is stored anywhere else or retrievable by id. */
            store?: boolean;
            /**
             * @description Responses are answered on the request itself; `true` is refused.
             * @constant
             */
            background?: false;
            /** @description Server-side conversations are not kept; any value is refused. Use `previous_response_id`, or send the conversation in `input`. */
            conversation?: null;
            /** @description Stored prompt templates are not served; any value is refused. */
            prompt?: null;
        } & {
            [key: string]: unknown;
        };
        /** @description The text of an assistant message. */
        OpenAiResponseOutputText: {
            /** @constant */
            type: "output_text";
            text: string;
            /** @description Always empty. */
            annotations: unknown[];
        };
        OpenAiResponseOutputMessage: {
            /** @constant */
            type: "message";
            id: string;
            /** @enum {string} */
            status: "in_progress" | "completed" | "incomplete";
            /** @constant */
            role: "assistant";
            content: components["schemas"]["OpenAiResponseOutputText"][];
        };
        /** @description An assistant message or a function call. */
        OpenAiResponseOutputItem: components["schemas"]["OpenAiResponseOutputMessage"] | components["schemas"]["OpenAiResponseFunctionCall"];
        OpenAiResponseUsage: {
            /** @description Prompt tokens as the engine counted them, earlier turns included. */
            input_tokens: number;
            /** @description Always zero: how much of the prompt an engine's prefix cache served is not reported through this server. */
            input_tokens_details: {
                /** @constant */
                cached_tokens: 0;
                /** @constant */
                cache_write_tokens: 0;
            };
            output_tokens: number;
            /** @description Always zero; reasoning is not counted apart from the rest of the output. */
            output_tokens_details: {
                /** @constant */
                reasoning_tokens: 0;
            };
            total_tokens: number;
        };
        /** @description A response: `completed`, `incomplete` (the output token limit was reached), `failed`, or `in_progress` while it streams. Besides its own fields it repeats the request's settings, with their defaults filled in, as OpenAI's does. */
        OpenAiResponse: {
            /** @description `resp_` followed by the llama-orch task id; pass it as `previous_response_id` to continue. */
            id: string;
            /** @constant */
            object: "response";
            /** @description Unix time in seconds. */
            created_at: number;
            /** @enum {string} */
            status: "in_progress" | "completed" | "incomplete" | "failed";
            model: string;
            output: components["schemas"]["OpenAiResponseOutputItem"][];
            /** @description The request's `instructions`; null when it had none. */
            instructions: string | null;
            /** @description The function tools the request offered; tools of other types were left out and are not listed. */
            tools: components["schemas"]["OpenAiResponseFunctionTool"][];
            tool_choice: components["schemas"]["OpenAiResponseToolChoice"];
            parallel_tool_calls: boolean;
            /** @description The request's `temperature`; null when the pool's sampler profile chose it. */
            temperature: number | null;
            /** @description The request's `top_p`; null when the pool's sampler profile chose it. */
            top_p: number | null;
            /** @description The request's limit; null when it set none. */
            max_output_tokens: number | null;
            previous_response_id: string | null;
            text: {
                format: components["schemas"]["OpenAiResponseTextFormat"];
            };
            metadata: components["schemas"]["OpenAiResponseMetadata"];
            /** @description Whether this response's conversation is kept for `previous_response_id`. */
            store: boolean;
            /** @description Always null; no reasoning settings are applied or reported. */
            reasoning: null;
            /**
             * @description Input is never cut to fit: a conversation longer than the context window is refused with 400 `context_length_exceeded`.
             * @constant
             */
            truncation: "disabled";
            /** @description Null while the response is in progress. */
            usage: components["schemas"]["OpenAiResponseUsage"] | null;
            /** @description Why a `failed` response failed; null otherwise. */
            error: {
                code: components["schemas"]["OpenAiErrorCode"];
                message: string;
            } | null;
            /** @description Set when `status` is `incomplete`; null otherwise. */
            incomplete_details: {
                /** @constant */
                reason: "max_output_tokens";
            } | null;
        };
        /** @description Counts the stream's events from 0. */
        OpenAiResponseSequenceNumber: number;
        /** @description The whole response as it stands when it starts and when it ends. */
        OpenAiResponseLifecycleEvent: {
            /** @enum {string} */
            type: "response.created" | "response.in_progress" | "response.completed" | "response.incomplete" | "response.failed";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            response: components["schemas"]["OpenAiResponse"];
        };
        /** @description An output item begins (`added`, empty so far) or is finished (`done`, complete). */
        OpenAiResponseOutputItemEvent: {
            /** @enum {string} */
            type: "response.output_item.added" | "response.output_item.done";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            output_index: number;
            item: components["schemas"]["OpenAiResponseOutputItem"];
        };
        /** @description The text part of a message item begins (empty) or is finished (whole). */
        OpenAiResponseContentPartEvent: {
            /** @enum {string} */
            type: "response.content_part.added" | "response.content_part.done";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            item_id: string;
            output_index: number;
            content_index: number;
            part: components["schemas"]["OpenAiResponseOutputText"];
        };
        /** @description The next piece of an assistant message's text. */
        OpenAiResponseTextDeltaEvent: {
            /** @constant */
            type: "response.output_text.delta";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            item_id: string;
            output_index: number;
            content_index: number;
            delta: string;
        };
        /** @description A message's whole text, once it is finished. */
        OpenAiResponseTextDoneEvent: {
            /** @constant */
            type: "response.output_text.done";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            item_id: string;
            output_index: number;
            content_index: number;
            text: string;
        };
        /** @description The next piece of a function call's arguments (JSON text). */
        OpenAiResponseArgumentsDeltaEvent: {
            /** @constant */
            type: "response.function_call_arguments.delta";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            item_id: string;
            output_index: number;
            delta: string;
        };
        /** @description A function call's name and whole arguments, once they are finished. */
        OpenAiResponseArgumentsDoneEvent: {
            /** @constant */
            type: "response.function_call_arguments.done";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            item_id: string;
            output_index: number;
            name: string;
            arguments: string;
        };
        /** @description The task failed after the stream began; `response.failed` follows. */
        OpenAiResponseErrorEvent: {
            /** @constant */
            type: "error";
            sequence_number: components["schemas"]["OpenAiResponseSequenceNumber"];
            code: components["schemas"]["OpenAiErrorCode"];
            message: string;
            param: string | null;
        };
        /** @description One event of a streamed response; the SSE `event:` line repeats `type`. Order: `response.created`, `response.in_progress`; for an assistant message, `response.output_item.added`, `response.content_part.added`, `response.output_text.delta`..., `response.output_text.done`, `response.content_part.done`, `response.output_item.done`; for each function call, `response.output_item.added` (empty arguments), `response.function_call_arguments.delta`..., `response.function_call_arguments.done`, `response.output_item.done`; then `response.completed` or `response.incomplete`. A task that fails sends `error` and then `response.failed`. Clients should skip types they do not know. */
        OpenAiResponseStreamEvent: components["schemas"]["OpenAiResponseLifecycleEvent"] | components["schemas"]["OpenAiResponseOutputItemEvent"] | components["schemas"]["OpenAiResponseContentPartEvent"] | components["schemas"]["OpenAiResponseTextDeltaEvent"] | components["schemas"]["OpenAiResponseTextDoneEvent"] | components["schemas"]["OpenAiResponseArgumentsDeltaEvent"] | components["schemas"]["OpenAiResponseArgumentsDoneEvent"] | components["schemas"]["OpenAiResponseErrorEvent"];
        AnthropicTextBlock: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "text";
            text: string;
        };
        /** @description A tool call by the model (in a reply, or replayed in an assistant turn). */
        AnthropicToolUseBlock: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "tool_use";
            id: string;
            name: string;
            /** @description The call's arguments (parsed from the model's JSON). */
            input: {
                [key: string]: unknown;
            };
        };
        /** @description The result of a tool call, in a user turn. */
        AnthropicToolResultBlock: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "tool_result";
            tool_use_id: string;
            /** @description Text only; image blocks in a result are refused. */
            content?: string | components["schemas"]["AnthropicTextBlock"][];
            /** @description The tool failed; the text tells the model how. */
            is_error?: boolean;
        };
        /** @description A content block a client may send; other block types are refused. */
        AnthropicInputBlock: components["schemas"]["AnthropicTextBlock"] | components["schemas"]["AnthropicToolUseBlock"] | components["schemas"]["AnthropicToolResultBlock"];
        /** @description One turn; the first must be `user`. A plain string is one text block. */
        AnthropicMessageParam: {
            /** @enum {string} */
            role: "user" | "assistant";
            content: string | components["schemas"]["AnthropicInputBlock"][];
        };
        /** @description System prompt as one string or a list of text blocks (joined in order). */
        AnthropicSystem: string | components["schemas"]["AnthropicTextBlock"][];
        /** @description A client tool the model may call. Server tools (those with a versioned `type`) are refused. */
        AnthropicTool: {
            /** @constant */
            type?: "custom";
            name: string;
            description?: string;
            /** @description JSON Schema of the tool's input object. */
            input_schema: {
                [key: string]: unknown;
            };
        };
        /** @description `auto` (default with tools), `any` (must call some tool), `tool` (must call the one named), or `none`. */
        AnthropicToolChoice: {
            /** @enum {string} */
            type: "auto" | "any" | "tool" | "none";
            /** @description With `tool` only. */
            name?: string;
            /** @description Accepted; whether calls come one at a time is up to the model. */
            disable_parallel_tool_use?: boolean;
        };
        /** @description The served subset of a Messages request. Fields not listed are accepted and ignored when they cannot change the output (`metadata`, `service_tier`, `cache_control` on blocks, and `thinking`: no thinking blocks are returned); `top_k`, server tools and image or document blocks are refused with 400. */
        AnthropicMessagesRequest: {
            /** @description A model id from `GET /v1/models`. */
            model: string;
            max_tokens: number;
            messages: components["schemas"]["AnthropicMessageParam"][];
            system?: components["schemas"]["AnthropicSystem"];
            tools?: components["schemas"]["AnthropicTool"][];
            tool_choice?: components["schemas"]["AnthropicToolChoice"];
            stop_sequences?: string[];
            /** @description Overrides the pool's sampler profile for this request. */
            temperature?: number;
            top_p?: number;
            /** @description Answer with Anthropic's SSE events instead of one JSON body (default false). */
            stream?: boolean;
        } & {
            [key: string]: unknown;
        };
        /** @description A block of the reply. */
        AnthropicOutputBlock: components["schemas"]["AnthropicTextBlock"] | components["schemas"]["AnthropicToolUseBlock"];
        /**
         * @description `end_turn`: the model finished; `max_tokens`: the limit was reached; `stop_sequence`: one of `stop_sequences` came up; `tool_use`: the model handed over to its tool calls.
         * @enum {string}
         */
        AnthropicStopReason: "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";
        AnthropicUsage: {
            /** @description Prompt tokens as the engine counted them. */
            input_tokens: number;
            /** @description Generated tokens, tool calls included. */
            output_tokens: number;
        };
        /** @description The reply. `stop_reason` is null only inside a stream's `message_start`; the final value comes in `message_delta`. */
        AnthropicMessage: {
            /** @description `msg_` followed by the llama-orch task id. */
            id: string;
            /** @constant */
            type: "message";
            /** @constant */
            role: "assistant";
            model: string;
            content: components["schemas"]["AnthropicOutputBlock"][];
            stop_reason: components["schemas"]["AnthropicStopReason"] | null;
            /** @description The stop sequence that ended the reply, when `stop_reason` is `stop_sequence`. */
            stop_sequence: string | null;
            usage: components["schemas"]["AnthropicUsage"];
        };
        /** @description The reply so far, with empty `content` and `usage.input_tokens` known. */
        AnthropicMessageStartEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message_start";
            message: components["schemas"]["AnthropicMessage"];
        };
        /** @description A block begins; a text block with empty text, a tool_use block with its id, name and empty input. */
        AnthropicContentBlockStartEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "content_block_start";
            index: number;
            content_block: components["schemas"]["AnthropicOutputBlock"];
        };
        /** @description The next piece of a block. */
        AnthropicContentBlockDeltaEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "content_block_delta";
            index: number;
            delta: {
                /** @constant */
                type: "text_delta";
                text: string;
            } | {
                /** @constant */
                type: "input_json_delta";
                partial_json: string;
            };
        };
        AnthropicContentBlockStopEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "content_block_stop";
            index: number;
        };
        /** @description How the reply ended, and the final token counts. */
        AnthropicMessageDeltaEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message_delta";
            delta: {
                stop_reason: components["schemas"]["AnthropicStopReason"];
                stop_sequence: string | null;
            };
            usage: {
                /** @description Prompt tokens as the engine reported them when it finished (the admission count if it reported none). It can differ from the admission count that `message_start` carries; the SDKs' stream helpers take this later figure. */
                input_tokens: number;
                output_tokens: number;
            };
        };
        AnthropicMessageStopEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message_stop";
        };
        /** @description Keeps idle connections open; carries nothing. */
        AnthropicPingEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ping";
        };
        /** @description One event of a streamed reply; the SSE `event:` line repeats `type`. Order: `message_start`; for each block, `content_block_start`, its `content_block_delta`s, `content_block_stop`; then `message_delta` (stop reason and output tokens) and `message_stop`. `ping` may come at any point; `error` replaces the rest when the task fails mid-stream. */
        AnthropicStreamEvent: components["schemas"]["AnthropicMessageStartEvent"] | components["schemas"]["AnthropicContentBlockStartEvent"] | components["schemas"]["AnthropicContentBlockDeltaEvent"] | components["schemas"]["AnthropicContentBlockStopEvent"] | components["schemas"]["AnthropicMessageDeltaEvent"] | components["schemas"]["AnthropicMessageStopEvent"] | components["schemas"]["AnthropicPingEvent"] | components["schemas"]["AnthropicError"];
        /** @description A Messages request without `max_tokens`; unknown fields are ignored. */
        AnthropicCountTokensRequest: {
            model: string;
            messages: components["schemas"]["AnthropicMessageParam"][];
            system?: components["schemas"]["AnthropicSystem"];
            tools?: components["schemas"]["AnthropicTool"][];
            tool_choice?: components["schemas"]["AnthropicToolChoice"];
        } & {
            [key: string]: unknown;
        };
        AnthropicTokenCount: {
            /** @description Prompt tokens after the model's chat template, tools included, as the engine serving the model counts them. */
            input_tokens: number;
        };
    };
    responses: {
        /** @description No token was sent. The body is Anthropic's error when the request has `anthropic-version`, OpenAI's otherwise. */
        EitherUnauthorized: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "missing API token: set the client's API key to the llama-orch token (LLORCH_API_TOKEN)",
                 *         "type": "authentication_error",
                 *         "code": "invalid_api_key",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["EitherError"];
            };
        };
        /** @description A token was sent but it is not the deployment's token; body as for 401. */
        EitherForbidden: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "permission_error",
                 *         "message": "API token rejected: check the client's API key against LLORCH_API_TOKEN"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["EitherError"];
            };
        };
        /** @description An unexpected server fault; body as for 401. */
        EitherInternalError: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["EitherError"];
            };
        };
        /** @description The request is malformed, uses a field that is not served (`unsupported_parameter`, `param` names it), does not fit the model's context window (`context_length_exceeded`), or a guardrail refused it (the llama-orch code, e.g. `admission_reject` for an exhausted session budget). */
        OpenAiBadRequest: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description No token was sent. Send `Authorization: Bearer <token>` (the SDKs' API key) or `X-API-Key`. */
        OpenAiUnauthorized: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "missing API token: set the client's API key to the llama-orch token (LLORCH_API_TOKEN)",
                 *         "type": "authentication_error",
                 *         "code": "invalid_api_key",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description A token was sent but nobody holds it; or an agent client's key asked for a model outside its `models`, or for a priority above its `max_priority` when it is set to refuse (code `policy_denied`). */
        OpenAiForbidden: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "API token rejected: check the client's API key against LLORCH_API_TOKEN",
                 *         "type": "permission_error",
                 *         "code": "invalid_api_key",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description No pool serves `model`; the message lists the models that are served. */
        OpenAiModelNotFound: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "model gpt-4o is not served here; served models: qwen2.5-coder-14b, tiny-bigram",
                 *         "type": "not_found_error",
                 *         "code": "model_not_found",
                 *         "param": "model"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description The model's queue is full and its policy refused the request. Wait `Retry-After` seconds (or `X-Backoff-Ms` milliseconds) and retry; the official SDKs do so on their own. */
        OpenAiRateLimited: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Backoff-Ms": components["headers"]["BackoffMs"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "queue for pool coder-14b is full (64/64); retry after 1500 ms",
                 *         "type": "rate_limit_error",
                 *         "code": "admission_reject",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description An unexpected server fault; the correlation id finds it in the logs. */
        OpenAiInternalError: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "unexpected error; report it with the X-Correlation-Id of this response",
                 *         "type": "server_error",
                 *         "code": "internal",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description The model's pool cannot take work now (`pool_unready`: still loading, restarting or draining; `pool_unavailable`: its engines are unreachable). */
        OpenAiUnavailable: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                /** @description Seconds to wait before retrying, when the server can estimate it. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "pool coder-14b has no Ready replica yet (1 Loading); retry shortly",
                 *         "type": "server_error",
                 *         "code": "pool_unready",
                 *         "param": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description `model` is not served (`model_not_found`, the message lists the served models), or `previous_response_id` names a response this server never issued or has forgotten (`previous_response_not_found`). */
        OpenAiPreviousResponseNotFound: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OpenAiError"];
            };
        };
        /** @description The request is malformed, uses something that is not served (the message names it), does not fit the model's context window, or a guardrail refused it. */
        AnthropicBadRequest: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description No token was sent. Send `x-api-key` (the SDK's API key) or `Authorization: Bearer`. */
        AnthropicUnauthorized: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "authentication_error",
                 *         "message": "missing API token: set the client's API key to the llama-orch token (LLORCH_API_TOKEN)"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description A token was sent but nobody holds it; or an agent client's key asked for a model outside its `models`, or for a priority above its `max_priority` when it is set to refuse. */
        AnthropicForbidden: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "permission_error",
                 *         "message": "API token rejected: check the client's API key against LLORCH_API_TOKEN"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description No pool serves `model`; the message lists the models that are served. */
        AnthropicModelNotFound: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "not_found_error",
                 *         "message": "model claude-sonnet-4-5 is not served here; served models: qwen2.5-coder-14b, tiny-bigram"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description The model's queue is full and its policy refused the request. Wait `Retry-After` seconds (or `X-Backoff-Ms` milliseconds) and retry; the official SDK does so on its own. */
        AnthropicRateLimited: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Backoff-Ms": components["headers"]["BackoffMs"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "rate_limit_error",
                 *         "message": "queue for pool coder-14b is full (64/64); retry after 1500 ms"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description An unexpected server fault; the correlation id finds it in the logs. */
        AnthropicInternalError: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "api_error",
                 *         "message": "unexpected error; report it with the X-Correlation-Id of this response"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
        /** @description The model's pool cannot take work now (still loading, restarting or draining, or its engines are unreachable). */
        AnthropicUnavailable: {
            headers: {
                "X-Correlation-Id": components["headers"]["CorrelationId"];
                /** @description Seconds to wait before retrying, when the server can estimate it. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "error",
                 *       "error": {
                 *         "type": "overloaded_error",
                 *         "message": "pool coder-14b has no Ready replica yet (1 Loading); retry shortly"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicError"];
            };
        };
    };
    parameters: {
        /**
         * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
         * @example 7f3c2a9e-agent-42
         */
        CorrelationIdRequest: string;
        /** @description Queue class of the task: `interactive` tasks leave the queue before `batch` ones. Background agents should send `batch`. */
        LlorchPriority: components["schemas"]["Priority"];
        /**
         * @description Any non-empty string naming a conversation. Turns that send the same value share one llama-orch session: they are placed on the replica that holds its KV cache, and share its TTL and budgets. A UUID is used as the native `session_id` as it is (so `GET /v1/sessions/{id}` shows it); any other string always maps to the same derived UUID. Without the header, each request gets a session of its own.
         * @example codex-7f3c2a9e
         */
        LlorchSession: string;
        /**
         * @description Sent by the Anthropic SDK. Any value is accepted; on `GET /v1/models` its presence selects Anthropic's list shape and error body.
         * @example 2023-06-01
         */
        AnthropicVersion: string;
        /** @description Anthropic beta flags; accepted and ignored. */
        AnthropicBeta: string;
        /** @description Added by the Anthropic SDK's beta client; accepted and ignored. */
        Beta: boolean;
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
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listModels: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /**
                 * @description Sent by the Anthropic SDK. Any value is accepted; on `GET /v1/models` its presence selects Anthropic's list shape and error body.
                 * @example 2023-06-01
                 */
                "anthropic-version"?: components["parameters"]["AnthropicVersion"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The served models. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiModelList"] | components["schemas"]["AnthropicModelList"];
                };
            };
            401: components["responses"]["EitherUnauthorized"];
            403: components["responses"]["EitherForbidden"];
            500: components["responses"]["EitherInternalError"];
        };
    };
    createChatCompletion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /** @description Queue class of the task: `interactive` tasks leave the queue before `batch` ones. Background agents should send `batch`. */
                "X-Llorch-Priority"?: components["parameters"]["LlorchPriority"];
                /**
                 * @description Any non-empty string naming a conversation. Turns that send the same value share one llama-orch session: they are placed on the replica that holds its KV cache, and share its TTL and budgets. A UUID is used as the native `session_id` as it is (so `GET /v1/sessions/{id}` shows it); any other string always maps to the same derived UUID. Without the header, each request gets a session of its own.
                 * @example codex-7f3c2a9e
                 */
                "X-Llorch-Session"?: components["parameters"]["LlorchSession"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenAiChatCompletionRequest"];
            };
        };
        responses: {
            /** @description The reply, whole (`application/json`) or streamed (`text/event-stream`, one decoded `data:` line per item). */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Llorch-Task-Id": components["headers"]["LlorchTaskId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "chatcmpl-3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11",
                     *       "object": "chat.completion",
                     *       "created": 1767225600,
                     *       "model": "qwen2.5-coder-14b",
                     *       "choices": [
                     *         {
                     *           "index": 0,
                     *           "message": {
                     *             "role": "assistant",
                     *             "content": null,
                     *             "refusal": null,
                     *             "tool_calls": [
                     *               {
                     *                 "id": "call_0",
                     *                 "type": "function",
                     *                 "function": {
                     *                   "name": "run_shell",
                     *                   "arguments": "{\"command\":\"df -h /\"}"
                     *                 }
                     *               }
                     *             ]
                     *           },
                     *           "finish_reason": "tool_calls",
                     *           "logprobs": null
                     *         }
                     *       ],
                     *       "usage": {
                     *         "prompt_tokens": 212,
                     *         "completion_tokens": 21,
                     *         "total_tokens": 233
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["OpenAiChatCompletion"];
                    "text/event-stream": components["schemas"]["OpenAiChatStreamData"];
                };
            };
            400: components["responses"]["OpenAiBadRequest"];
            401: components["responses"]["OpenAiUnauthorized"];
            403: components["responses"]["OpenAiForbidden"];
            404: components["responses"]["OpenAiModelNotFound"];
            429: components["responses"]["OpenAiRateLimited"];
            500: components["responses"]["OpenAiInternalError"];
            503: components["responses"]["OpenAiUnavailable"];
        };
    };
    createCompletion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /** @description Queue class of the task: `interactive` tasks leave the queue before `batch` ones. Background agents should send `batch`. */
                "X-Llorch-Priority"?: components["parameters"]["LlorchPriority"];
                /**
                 * @description Any non-empty string naming a conversation. Turns that send the same value share one llama-orch session: they are placed on the replica that holds its KV cache, and share its TTL and budgets. A UUID is used as the native `session_id` as it is (so `GET /v1/sessions/{id}` shows it); any other string always maps to the same derived UUID. Without the header, each request gets a session of its own.
                 * @example codex-7f3c2a9e
                 */
                "X-Llorch-Session"?: components["parameters"]["LlorchSession"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenAiCompletionRequest"];
            };
        };
        responses: {
            /** @description The completion, whole or streamed. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Llorch-Task-Id": components["headers"]["LlorchTaskId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cmpl-2e8f0a1b-3c4d-4e5f-8a6b-7c8d9e0f1a33",
                     *       "object": "text_completion",
                     *       "created": 1767225600,
                     *       "model": "qwen2.5-coder-14b",
                     *       "choices": [
                     *         {
                     *           "index": 0,
                     *           "text": "total = sum(xs)",
                     *           "finish_reason": "stop",
                     *           "logprobs": null
                     *         }
                     *       ],
                     *       "usage": {
                     *         "prompt_tokens": 19,
                     *         "completion_tokens": 5,
                     *         "total_tokens": 24
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["OpenAiCompletion"];
                    "text/event-stream": components["schemas"]["OpenAiCompletionStreamData"];
                };
            };
            400: components["responses"]["OpenAiBadRequest"];
            401: components["responses"]["OpenAiUnauthorized"];
            403: components["responses"]["OpenAiForbidden"];
            404: components["responses"]["OpenAiModelNotFound"];
            429: components["responses"]["OpenAiRateLimited"];
            500: components["responses"]["OpenAiInternalError"];
            503: components["responses"]["OpenAiUnavailable"];
        };
    };
    createResponse: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /** @description Queue class of the task: `interactive` tasks leave the queue before `batch` ones. Background agents should send `batch`. */
                "X-Llorch-Priority"?: components["parameters"]["LlorchPriority"];
                /**
                 * @description Any non-empty string naming a conversation. Turns that send the same value share one llama-orch session: they are placed on the replica that holds its KV cache, and share its TTL and budgets. A UUID is used as the native `session_id` as it is (so `GET /v1/sessions/{id}` shows it); any other string always maps to the same derived UUID. Without the header, each request gets a session of its own.
                 * @example codex-7f3c2a9e
                 */
                "X-Llorch-Session"?: components["parameters"]["LlorchSession"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenAiResponseRequest"];
            };
        };
        responses: {
            /** @description The response, whole or streamed. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Llorch-Task-Id": components["headers"]["LlorchTaskId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "resp_7c4d2e1f-8a9b-4c3d-9e2f-3a4b5c6d7e88",
                     *       "object": "response",
                     *       "created_at": 1767225600,
                     *       "status": "completed",
                     *       "model": "qwen2.5-coder-14b",
                     *       "previous_response_id": "resp_3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11",
                     *       "output": [
                     *         {
                     *           "type": "message",
                     *           "id": "msg_7c4d2e1f-8a9b-4c3d-9e2f-3a4b5c6d7e88",
                     *           "status": "completed",
                     *           "role": "assistant",
                     *           "content": [
                     *             {
                     *               "type": "output_text",
                     *               "text": "The project has a README, a package.json and a src folder.",
                     *               "annotations": []
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "usage": {
                     *         "input_tokens": 640,
                     *         "input_tokens_details": {
                     *           "cached_tokens": 0,
                     *           "cache_write_tokens": 0
                     *         },
                     *         "output_tokens": 15,
                     *         "output_tokens_details": {
                     *           "reasoning_tokens": 0
                     *         },
                     *         "total_tokens": 655
                     *       },
                     *       "error": null,
                     *       "incomplete_details": null,
                     *       "instructions": "You are a coding agent working in /home/me/project.",
                     *       "tools": [
                     *         {
                     *           "type": "function",
                     *           "name": "shell",
                     *           "description": "Run a shell command.",
                     *           "parameters": {
                     *             "type": "object",
                     *             "properties": {
                     *               "command": {
                     *                 "type": "array",
                     *                 "items": {
                     *                   "type": "string"
                     *                 }
                     *               }
                     *             },
                     *             "required": [
                     *               "command"
                     *             ]
                     *           },
                     *           "strict": null
                     *         }
                     *       ],
                     *       "tool_choice": "auto",
                     *       "parallel_tool_calls": true,
                     *       "temperature": null,
                     *       "top_p": null,
                     *       "max_output_tokens": null,
                     *       "text": {
                     *         "format": {
                     *           "type": "text"
                     *         }
                     *       },
                     *       "metadata": {},
                     *       "store": true,
                     *       "reasoning": null,
                     *       "truncation": "disabled"
                     *     }
                     */
                    "application/json": components["schemas"]["OpenAiResponse"];
                    "text/event-stream": components["schemas"]["OpenAiResponseStreamEvent"];
                };
            };
            400: components["responses"]["OpenAiBadRequest"];
            401: components["responses"]["OpenAiUnauthorized"];
            403: components["responses"]["OpenAiForbidden"];
            404: components["responses"]["OpenAiPreviousResponseNotFound"];
            429: components["responses"]["OpenAiRateLimited"];
            500: components["responses"]["OpenAiInternalError"];
            503: components["responses"]["OpenAiUnavailable"];
        };
    };
    createMessage: {
        parameters: {
            query?: {
                /** @description Added by the Anthropic SDK's beta client; accepted and ignored. */
                beta?: components["parameters"]["Beta"];
            };
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /** @description Queue class of the task: `interactive` tasks leave the queue before `batch` ones. Background agents should send `batch`. */
                "X-Llorch-Priority"?: components["parameters"]["LlorchPriority"];
                /**
                 * @description Any non-empty string naming a conversation. Turns that send the same value share one llama-orch session: they are placed on the replica that holds its KV cache, and share its TTL and budgets. A UUID is used as the native `session_id` as it is (so `GET /v1/sessions/{id}` shows it); any other string always maps to the same derived UUID. Without the header, each request gets a session of its own.
                 * @example codex-7f3c2a9e
                 */
                "X-Llorch-Session"?: components["parameters"]["LlorchSession"];
                /**
                 * @description Sent by the Anthropic SDK. Any value is accepted; on `GET /v1/models` its presence selects Anthropic's list shape and error body.
                 * @example 2023-06-01
                 */
                "anthropic-version"?: components["parameters"]["AnthropicVersion"];
                /** @description Anthropic beta flags; accepted and ignored. */
                "anthropic-beta"?: components["parameters"]["AnthropicBeta"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnthropicMessagesRequest"];
            };
        };
        responses: {
            /** @description The reply, whole or streamed. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    "X-Llorch-Task-Id": components["headers"]["LlorchTaskId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "msg_3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11",
                     *       "type": "message",
                     *       "role": "assistant",
                     *       "model": "qwen2.5-coder-14b",
                     *       "content": [
                     *         {
                     *           "type": "text",
                     *           "text": "I will look at the files."
                     *         },
                     *         {
                     *           "type": "tool_use",
                     *           "id": "toolu_1",
                     *           "name": "Bash",
                     *           "input": {
                     *             "command": "cat README.md"
                     *           }
                     *         }
                     *       ],
                     *       "stop_reason": "tool_use",
                     *       "stop_sequence": null,
                     *       "usage": {
                     *         "input_tokens": 410,
                     *         "output_tokens": 31
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AnthropicMessage"];
                    "text/event-stream": components["schemas"]["AnthropicStreamEvent"];
                };
            };
            400: components["responses"]["AnthropicBadRequest"];
            401: components["responses"]["AnthropicUnauthorized"];
            403: components["responses"]["AnthropicForbidden"];
            404: components["responses"]["AnthropicModelNotFound"];
            429: components["responses"]["AnthropicRateLimited"];
            500: components["responses"]["AnthropicInternalError"];
            503: components["responses"]["AnthropicUnavailable"];
        };
    };
    countMessageTokens: {
        parameters: {
            query?: {
                /** @description Added by the Anthropic SDK's beta client; accepted and ignored. */
                beta?: components["parameters"]["Beta"];
            };
            header?: {
                /**
                 * @description Optional client-chosen id that groups every log line of this request. A well-formed value (printable ASCII, at most 128 characters) is echoed back unchanged; anything else is replaced by a fresh UUID rather than refused.
                 * @example 7f3c2a9e-agent-42
                 */
                "X-Correlation-Id"?: components["parameters"]["CorrelationIdRequest"];
                /**
                 * @description Sent by the Anthropic SDK. Any value is accepted; on `GET /v1/models` its presence selects Anthropic's list shape and error body.
                 * @example 2023-06-01
                 */
                "anthropic-version"?: components["parameters"]["AnthropicVersion"];
                /** @description Anthropic beta flags; accepted and ignored. */
                "anthropic-beta"?: components["parameters"]["AnthropicBeta"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "model": "qwen2.5-coder-14b",
                 *       "system": "You are a coding agent.",
                 *       "messages": [
                 *         {
                 *           "role": "user",
                 *           "content": "List the project files."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["AnthropicCountTokensRequest"];
            };
        };
        responses: {
            /** @description The prompt's token count. */
            200: {
                headers: {
                    "X-Correlation-Id": components["headers"]["CorrelationId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "input_tokens": 38
                     *     }
                     */
                    "application/json": components["schemas"]["AnthropicTokenCount"];
                };
            };
            400: components["responses"]["AnthropicBadRequest"];
            401: components["responses"]["AnthropicUnauthorized"];
            403: components["responses"]["AnthropicForbidden"];
            404: components["responses"]["AnthropicModelNotFound"];
            500: components["responses"]["AnthropicInternalError"];
            503: components["responses"]["AnthropicUnavailable"];
        };
    };
}
