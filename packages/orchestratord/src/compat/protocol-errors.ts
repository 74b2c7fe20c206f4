// ORCHD-062: every refusal on the agents' endpoints in the caller's own protocol.
// One table maps each internal code to the HTTP status (unless the error carries
// its own) and to the OpenAI and Anthropic error `type`, so the official SDKs raise
// the error class a user expects (RateLimitError on 429, AuthenticationError on 401…).
// The bodies are compat.yaml's OpenAiError and AnthropicError, so a drift fails tsc.
import type { AnthropicError, ErrorCode, OpenAiError, OpenAiErrorCode } from '@llama-orch/contracts';
import type { OrchestratordError } from '../errors.js';
import { backoffHeaders } from '../http/error-handler-plugin.js';

export type Protocol = 'openai' | 'anthropic';

type OpenAiErrorType = OpenAiError['error']['type'];
type AnthropicErrorType = AnthropicError['error']['type'];

interface ProtocolTypes {
  openai: OpenAiErrorType;
  anthropic: AnthropicErrorType;
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
  NOT_FOUND: { openai: 'not_found_error', anthropic: 'not_found_error' },
};

/** The codes OpenAI's clients act on; every other OpenAI code is a native one in lower case. */
type VendorCode = Exclude<OpenAiErrorCode, Lowercase<ErrorCode>>;

const VENDOR_CODES: readonly VendorCode[] = [
  'model_not_found',
  'context_length_exceeded',
  'unsupported_parameter',
  'previous_response_not_found',
  'invalid_api_key',
];

/**
 * Status-driven types override the code's where the status says more (auth, not found, 429).
 * On these routes 401 and 403 INVALID_PARAMS come only from the token check: OpenAI's SDKs know
 * that as invalid_api_key (compat.yaml: the 403 body is "as for 401").
 */
const BY_STATUS: Readonly<Record<number, ProtocolTypes & { code?: VendorCode }>> = {
  401: { openai: 'authentication_error', anthropic: 'authentication_error', code: 'invalid_api_key' },
  403: { openai: 'permission_error', anthropic: 'permission_error', code: 'invalid_api_key' },
  404: { openai: 'not_found_error', anthropic: 'not_found_error' },
  413: { openai: 'invalid_request_error', anthropic: 'request_too_large' },
  429: { openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
};

export interface ProtocolErrorReply {
  status: number;
  headers: Record<string, string>;
  body: OpenAiError | AnthropicError;
}

/** A refusal by policy (a client's models, priority or route) is not a bad key, though also a 403. */
const byStatus = (error: OrchestratordError) =>
  error.status === 403 && error.code === 'POLICY_DENIED' ? undefined : BY_STATUS[error.status];

const typesOf = (error: OrchestratordError): ProtocolTypes =>
  byStatus(error) ?? PROTOCOL_ERROR_TYPES[error.code];

/** The native code as OpenAI spells codes; tsc checks the contract's enum holds every one. */
const lowerCase = <C extends ErrorCode>(code: C): Lowercase<C> => code.toLowerCase() as Lowercase<C>;

const isVendorCode = (value: unknown): value is VendorCode => VENDOR_CODES.some((code) => code === value);

/** A code the error names for OpenAI's clients, else the status's, else the native one. */
function openAiCodeOf(error: OrchestratordError): OpenAiErrorCode {
  const named = error.context['openai_code'];
  if (isVendorCode(named)) return named;
  if (error.context['model_not_found'] === true) return 'model_not_found';
  return byStatus(error)?.code ?? lowerCase(error.code);
}

/** OpenAI's error body; our own code travels along for people reading logs. */
export function openAiErrorBody(error: OrchestratordError): OpenAiError {
  const param = error.context['param'];
  return {
    error: {
      message: error.message,
      type: typesOf(error).openai,
      code: openAiCodeOf(error),
      param: typeof param === 'string' ? param : null,
    },
  };
}

/** Anthropic's error body, also the data of its stream `error` event. */
export function anthropicErrorBody(error: OrchestratordError): AnthropicError {
  return { type: 'error', error: { type: typesOf(error).anthropic, message: error.message } };
}

export function protocolErrorReply(protocol: Protocol, error: OrchestratordError): ProtocolErrorReply {
  return {
    status: error.status,
    headers: error.retryAfterMs === undefined ? {} : backoffHeaders(error.retryAfterMs),
    body: protocol === 'anthropic' ? anthropicErrorBody(error) : openAiErrorBody(error),
  };
}
