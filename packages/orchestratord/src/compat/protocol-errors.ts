// ORCHD-062: every refusal on the agents' endpoints in the caller's own protocol.
// One table maps each internal code to the HTTP status (unless the error carries
// its own) and to the OpenAI and Anthropic error `type`, so the official SDKs raise
// the error class a user expects (RateLimitError on 429, AuthenticationError on 401…).
import type { ErrorCode } from '@llama-orch/contracts';
import type { OrchestratordError } from '../errors.js';
import { backoffHeaders } from '../http/error-handler-plugin.js';

export type Protocol = 'openai' | 'anthropic';

interface ProtocolTypes {
  openai: string;
  anthropic: string;
}

/** Error types by internal code (the HTTP status comes from the error itself). */
export const PROTOCOL_ERROR_TYPES: Readonly<Record<ErrorCode, ProtocolTypes>> = {
  ADMISSION_REJECT: { openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  QUEUE_FULL_DROP_LRU: { openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  INVALID_PARAMS: { openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  POOL_UNREADY: { openai: 'server_error', anthropic: 'overloaded_error' },
  POOL_UNAVAILABLE: { openai: 'server_error', anthropic: 'api_error' },
  REPLICA_EXHAUSTED: { openai: 'server_error', anthropic: 'overloaded_error' },
  DECODE_TIMEOUT: { openai: 'server_error', anthropic: 'api_error' },
  WORKER_RESET: { openai: 'server_error', anthropic: 'api_error' },
  INTERNAL: { openai: 'server_error', anthropic: 'api_error' },
  DEADLINE_UNMET: { openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  MODEL_DEPRECATED: { openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  UNTRUSTED_ARTIFACT: { openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  POLICY_DENIED: { openai: 'permission_error', anthropic: 'permission_error' },
  FETCH_FAILED: { openai: 'server_error', anthropic: 'api_error' },
};

/** Status-driven types override the code's where the status says more (auth, not found, 429). */
const BY_STATUS: Readonly<Record<number, ProtocolTypes>> = {
  401: { openai: 'authentication_error', anthropic: 'authentication_error' },
  403: { openai: 'permission_error', anthropic: 'permission_error' },
  404: { openai: 'not_found_error', anthropic: 'not_found_error' },
  413: { openai: 'invalid_request_error', anthropic: 'request_too_large' },
  429: { openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
};

export interface ProtocolErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The error's type in a protocol: a status-specific one first, else the code's. */
export function protocolErrorType(protocol: Protocol, error: OrchestratordError): string {
  return (BY_STATUS[error.status] ?? PROTOCOL_ERROR_TYPES[error.code])[protocol];
}

/** The body each protocol's SDK parses; our own code travels along for people reading logs. */
export function protocolErrorBody(protocol: Protocol, error: OrchestratordError): unknown {
  const type = protocolErrorType(protocol, error);
  const modelNotFound = error.context['model_not_found'] === true;
  const openaiCode = error.context['openai_code'];
  if (protocol === 'anthropic') return { type: 'error', error: { type, message: error.message } };
  return {
    error: {
      message: error.message,
      type,
      code:
        typeof openaiCode === 'string'
          ? openaiCode
          : modelNotFound
            ? 'model_not_found'
            : error.code.toLowerCase(),
      param: typeof error.context['param'] === 'string' ? error.context['param'] : null,
    },
  };
}

export function protocolErrorReply(protocol: Protocol, error: OrchestratordError): ProtocolErrorReply {
  return {
    status: error.status,
    headers: error.retryAfterMs === undefined ? {} : backoffHeaders(error.retryAfterMs),
    body: protocolErrorBody(protocol, error),
  };
}
