// ORCHD-052, ORCHD-059: the FetchRequest of data.yaml, checked field by field so
// a refusal names the field and the fix; the API token is refused in any field. Parsing also normalises what the
// policy decides on: the URL (WHATWG parser: IPv4 forms, punycode, lower case)
// and the header map, with hop-by-hop headers already dropped.
import type { DataComponents } from '@llama-orch/contracts';
import { fieldsOf, invalid } from '../control/body-fields.js';

export type FetchRequestBody = DataComponents['schemas']['FetchRequest'];
export type FetchMethod = FetchRequestBody['method'];

export interface FetchRequest {
  readonly url: URL;
  readonly method: FetchMethod;
  /** Lower-case names; hop-by-hop headers removed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
}

export const FETCH_LIMITS = {
  urlMaxChars: 2048,
  timeoutMinMs: 100,
  timeoutMaxMs: 60_000,
  timeoutDefaultMs: 10_000,
} as const;

const KNOWN = ['url', 'method', 'headers', 'body', 'timeout_ms'] as const;
const METHODS: readonly FetchMethod[] = ['GET', 'HEAD', 'POST'];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// Header values: visible ASCII, space and tab, plus obs-text; no CR/LF/NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Connection-level headers a proxy never forwards, either way (RFC 9110 §7.6.1). */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers never sent on: the hop-by-hop ones, proxy credentials, and the ones the client computes. */
const NOT_FORWARDED: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP,
  'proxy-authorization',
  'host',
  'content-length',
]);

/** `apiTokens`: the owner's and the caller's token (ORCHD-083), refused anywhere in the request. */
export function parseFetchRequest(body: unknown, apiTokens: readonly string[]): FetchRequest {
  const input = fieldsOf(body, 'body', 'FetchRequest', KNOWN);
  const method = parseMethod(input.method);
  const requestBody = input.body;
  if (requestBody !== undefined && typeof requestBody !== 'string') {
    throw invalid('body.body must be a string (send binary data base64-encoded)');
  }
  if (requestBody !== undefined && method !== 'POST') {
    throw invalid(`body.body is only allowed with method POST, not ${method}`);
  }
  const url = parseUrl(input.url);
  // The llama-orch token is for llama-orch only: not in the URL (path, query, fragment), not in the body.
  if (carriesToken(input.url as string, apiTokens)) throw tokenRefused('body.url');
  if (requestBody !== undefined && carriesToken(requestBody, apiTokens)) throw tokenRefused('body.body');
  return {
    url,
    method,
    headers: parseHeaders(input.headers, apiTokens),
    body: requestBody,
    timeoutMs: parseTimeout(input.timeout_ms),
  };
}

/** Also percent-decoded, so `%2D` for `-` does not hide the token. */
function carriesToken(text: string, apiTokens: readonly string[]): boolean {
  if (apiTokens.length === 0) return false;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // malformed escapes decode to nothing; the raw text is checked
  }
  return apiTokens.some((token) => text.includes(token) || decoded.includes(token));
}

/** Names where the token was, never the value. */
const tokenRefused = (field: string) =>
  invalid(`${field} contains the llama-orch API token; it is never sent to a target`);

function parseMethod(value: unknown): FetchMethod {
  if (value === undefined) return 'GET';
  if (typeof value !== 'string' || !(METHODS as readonly string[]).includes(value)) {
    throw invalid(`body.method must be one of ${METHODS.join(', ')}`);
  }
  return value as FetchMethod;
}

function parseUrl(value: unknown): URL {
  if (typeof value !== 'string' || value.length === 0 || value.length > FETCH_LIMITS.urlMaxChars) {
    throw invalid(`body.url must be an absolute http(s) URL of 1 to ${FETCH_LIMITS.urlMaxChars} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('body.url is not a valid absolute URL (e.g. https://example.com/page)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`body.url must use http or https, not ${url.protocol.slice(0, 16)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid('body.url must not carry user:password@; send credentials in body.headers instead');
  }
  if (url.hostname === '') throw invalid('body.url has no host');
  return url;
}

function parseHeaders(value: unknown, apiTokens: readonly string[]): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('body.headers must be an object of header names to string values');
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    const shown = name.slice(0, 64);
    if (!HEADER_NAME.test(name)) throw invalid(`body.headers.${shown} is not a valid HTTP header name`);
    if (typeof headerValue !== 'string' || !HEADER_VALUE.test(headerValue)) {
      throw invalid(`body.headers.${shown} must be a string without line breaks or control characters`);
    }
    if (carriesToken(headerValue, apiTokens)) throw tokenRefused(`body.headers.${shown}`);
    const lower = name.toLowerCase();
    if (!NOT_FORWARDED.has(lower)) headers[lower] = headerValue;
  }
  return headers;
}

function parseTimeout(value: unknown): number {
  if (value === undefined) return FETCH_LIMITS.timeoutDefaultMs;
  const { timeoutMinMs: min, timeoutMaxMs: max } = FETCH_LIMITS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`body.timeout_ms must be an integer from ${min} to ${max}`);
  }
  return value;
}
