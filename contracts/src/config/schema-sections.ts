// Deployment-wide sections of the config file (CFG-004, CFG-005, CFG-010; ORCHD-070).
// Every object is strict; defaults make a file with only `pools` complete.
import { z } from 'zod';
import {
  bindHost,
  byteCount,
  domainPattern,
  durationMs,
  fsPath,
  positiveInt,
  tcpPort,
} from './schema-common.js';
import { isEd25519PublicKey, TRUSTED_KEY_HINT } from './trusted-key.js';

/** Longest session the home profile allows: short sessions keep KV caches small. */
export const MAX_SESSION_TTL_MS = 600_000;

export const serverSchema = z
  .strictObject({
    bind: bindHost.default('127.0.0.1'),
    port: tcpPort.default(8080),
    token_file: fsPath
      .optional()
      .describe(
        'File holding the API token. The token itself never goes in this file; env LLORCH_API_TOKEN wins.',
      ),
    state_dir: fsPath
      .default('.llorch')
      .describe('Where llama-orch keeps its state (catalog, artifacts, models).'),
  })
  .describe('orchestratord: the public data and control plane.');

export const poolManagerSchema = z
  .strictObject({
    bind: bindHost.default('127.0.0.1'),
    port: tcpPort.default(8090),
  })
  .describe('pool-managerd: owns the engine processes; only orchestratord talks to it.');

export const sessionsSchema = z.strictObject({
  ttl_ms: z.int().min(1).max(MAX_SESSION_TTL_MS).default(MAX_SESSION_TTL_MS),
  max_turns: positiveInt.default(8),
  budgets: z
    .strictObject({
      tokens: positiveInt.optional(),
      time_ms: durationMs.optional(),
      cost: z
        .number()
        .positive()
        .optional()
        .describe("Cost units per session; each run is charged at its pool's `price`."),
    })
    .optional()
    .describe('Per-session budgets; checked before enqueue when `enforce` is true.'),
  enforce: z.boolean().default(false),
});

const trustedKey = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(512)
      .describe('Name a catalog signature gives in its `key_id` to say which key made it.'),
    public_key: z
      .string()
      .refine(isEd25519PublicKey, { error: TRUSTED_KEY_HINT })
      .describe('Ed25519 public key: PEM ("-----BEGIN PUBLIC KEY-----") or base64 of its 32 raw bytes.'),
  })
  .describe('A public key whose Ed25519 signatures the catalog trusts (public, not a secret).');

export const catalogSchema = z.strictObject({
  dir: fsPath.optional().describe('Defaults to <state_dir>/catalog.'),
  trust_policy: z
    .enum(['permissive', 'strict'])
    .default('permissive')
    .describe(
      'strict: a model needs a valid Ed25519 signature by a trusted key and an SBOM, and only catalogued, verified models may be reloaded onto a pool; permissive: a missing or unverifiable signature or SBOM is a warning.',
    ),
  trusted_keys: z
    .array(trustedKey)
    .default([])
    .describe(
      'Keys that sign catalog models. A signature with scheme `ed25519` is base64 of the 64-byte Ed25519 signature over the UTF-8 text of the model digest (64 lower-case hex characters, no newline); its `key_id` names one of these keys. Required (at least one) under trust_policy strict.',
    ),
});

export const artifactsSchema = z.strictObject({
  dir: fsPath.optional().describe('Defaults to <state_dir>/artifacts.'),
  max_bytes: byteCount.default(8 * 1024 * 1024).describe('Largest single artifact accepted.'),
});

export const observabilitySchema = z.strictObject({
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true),
      label_cardinality_budget: positiveInt
        .optional()
        .describe('Most label combinations one series may reach before the metrics lint fails.'),
    })
    .prefault({}),
});

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'expected an HTTP header name' });

export const policySchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    allow_domains: z
      .array(domainPattern)
      .default([])
      .describe('Only these domains may be fetched (deny by default).'),
    deny_domains: z
      .array(domainPattern)
      .default([])
      .describe('Checked before allow_domains; a match always refuses.'),
    max_request_bytes: byteCount
      .default(64 * 1024)
      .describe('Largest request body (UTF-8 bytes) an agent may send to a target.'),
    max_response_bytes: byteCount
      .default(1024 * 1024)
      .describe('Largest response body read from a target; beyond it the fetch fails.'),
    rate_per_minute: positiveInt
      .default(30)
      .describe('Fetches per minute for the whole deployment (token bucket, bursts up to this many).'),
    redact_headers: z
      .array(headerName)
      .default(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'])
      .describe('Response headers removed before the caller sees them; header values are never logged.'),
  })
  .describe(
    'Outbound HTTP tooling policy for agents (mediated fetch). Domain patterns: `example.com` is that host only; `*.example.com` is any subdomain, not the apex; IP-literal hosts need a literal entry.',
  );

/** One hour: long enough for an agent's turn-by-turn loop, short enough that memory stays bounded. */
export const DEFAULT_RESPONSE_RETENTION_MS = 3_600_000;

export const compatSchema = z
  .strictObject({
    responses: z
      .strictObject({
        retention_ms: durationMs
          .default(DEFAULT_RESPONSE_RETENTION_MS)
          .describe('How long a finished response is kept for `previous_response_id`.'),
        max_stored: positiveInt
          .default(1000)
          .describe('Most responses kept at once; the oldest is forgotten first.'),
      })
      .prefault({})
      .describe(
        'POST /v1/responses keeps recent conversations in memory only, so `previous_response_id` can continue them; an older or unknown id is a 404.',
      ),
  })
  .describe("The agents' front door: OpenAI and Anthropic protocol routes under /v1.");
