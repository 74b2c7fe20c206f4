// CLI-001, CLI-002: every command and option of `llorch`, declared once.
// program.ts builds the commander parser and `--help` from this table, and the
// handlers take their option types from it (OptionValues<typeof X>).
import { DETERMINISM_MODES, ENGINES, PRIORITIES, WORKLOADS, type Workload } from '@llama-orch/contracts';
import type { CommandSpec, OptionSpec } from './option-spec.js';

/** `llorch submit` sends every workload but chat, which has its own command. */
const SUBMIT_WORKLOADS = WORKLOADS.filter((w): w is Exclude<Workload, 'chat'> => w !== 'chat');

export const GLOBAL_OPTIONS = [
  {
    key: 'endpoint',
    flags: '-e, --endpoint <url>',
    kind: 'string',
    env: 'LLORCH_ADDR',
    description: 'orchestratord endpoint (default http://127.0.0.1:8080)',
  },
  {
    key: 'token',
    flags: '--token <token>',
    kind: 'string',
    env: 'LLORCH_API_TOKEN',
    description: 'API token (prefer the environment: flags show up in ps)',
  },
  {
    key: 'config',
    flags: '--config <file>',
    kind: 'string',
    env: 'LLORCH_CONFIG',
    description: 'config file (YAML: endpoint, token, model, engine, retries)',
  },
  {
    key: 'json',
    flags: '--json',
    kind: 'flag',
    description: 'machine output: JSON on stdout (one object per line while streaming)',
  },
  {
    key: 'verbose',
    flags: '-v, --verbose',
    kind: 'flag',
    description: 'also print metrics frames and request details on stderr',
  },
] as const satisfies readonly OptionSpec[];

export const SUBMIT_OPTIONS = [
  {
    key: 'model',
    flags: '-m, --model <ref>',
    kind: 'string',
    env: 'LLORCH_MODEL',
    description: 'model_ref to run (default: from the config file, else the first model `llorch caps` lists)',
  },
  {
    key: 'engine',
    flags: '--engine <engine>',
    kind: 'string',
    choices: ENGINES,
    description: 'engine (default: the one serving the model)',
  },
  {
    key: 'promptFile',
    flags: '-f, --prompt-file <file>',
    kind: 'string',
    description: 'read the prompt from a file (`-` or no prompt at all: stdin)',
  },
  {
    key: 'workload',
    flags: '--workload <kind>',
    kind: 'string',
    choices: SUBMIT_WORKLOADS,
    defaultValue: 'completion',
    description: 'kind of work',
  },
  {
    key: 'input',
    flags: '--input <text>',
    kind: 'list',
    description: 'an input for embedding/rerank (repeatable)',
  },
  {
    key: 'taskId',
    flags: '--task-id <uuid>',
    kind: 'string',
    description: 'task id (default: a fresh UUID; reused on every retry)',
  },
  {
    key: 'session',
    flags: '-s, --session <uuid>',
    kind: 'string',
    description: 'session id for KV reuse and budgets (default: a fresh UUID)',
  },
  {
    key: 'priority',
    flags: '-p, --priority <priority>',
    kind: 'string',
    choices: PRIORITIES,
    defaultValue: 'interactive',
    description: 'queue priority',
  },
  {
    key: 'determinism',
    flags: '--determinism <mode>',
    kind: 'string',
    choices: DETERMINISM_MODES,
    defaultValue: 'strict',
    description: 'determinism mode',
  },
  { key: 'seed', flags: '--seed <n>', kind: 'int', min: 0, description: 'sampling seed' },
  {
    key: 'samplerProfile',
    flags: '--sampler-profile <version>',
    kind: 'string',
    description: 'sampler_profile_version',
  },
  {
    key: 'ctx',
    flags: '--ctx <tokens>',
    kind: 'int',
    min: 1,
    description: "context window (default: the engine's ctx_max from `llorch caps`)",
  },
  {
    key: 'maxTokens',
    flags: '-n, --max-tokens <n>',
    kind: 'int',
    min: 1,
    defaultValue: 128,
    description: 'most tokens to generate',
  },
  {
    key: 'deadline',
    flags: '--deadline <ms>',
    kind: 'int',
    min: 1,
    defaultValue: 120_000,
    description: 'deadline_ms; admission retries also stop once it has passed',
  },
  {
    key: 'expectedTokens',
    flags: '--expected-tokens <n>',
    kind: 'int',
    min: 0,
    description: 'your guess at the output length (sharpens predictions)',
  },
  {
    key: 'kvHint',
    flags: '--kv-hint <hint>',
    kind: 'string',
    choices: ['reuse', 'cold'],
    description: 'KV-cache hint',
  },
  {
    key: 'stream',
    flags: '--no-stream',
    kind: 'flag',
    description: 'only admit the task and print its id; follow it later with `llorch stream`',
  },
  {
    key: 'maxAttempts',
    flags: '--max-attempts <n>',
    kind: 'int',
    min: 1,
    description: 'tries on 429/503 backpressure, the first included (default 5)',
  },
  {
    key: 'maxWait',
    flags: '--max-wait <ms>',
    kind: 'int',
    min: 0,
    description: 'total backoff wait before giving up (default 60000)',
  },
] as const satisfies readonly OptionSpec[];

/** `llorch chat`: a client of the OpenAI-compatible /v1/chat/completions, as agents use it. */
export const CHAT_OPTIONS = [
  {
    key: 'model',
    flags: '-m, --model <id>',
    kind: 'string',
    env: 'LLORCH_MODEL',
    description: 'model id (default: from the config file, else the first model GET /v1/models lists)',
  },
  {
    key: 'system',
    flags: '--system <text>',
    kind: 'string',
    description: 'a system message that opens the chat',
  },
  {
    key: 'maxTokens',
    flags: '-n, --max-tokens <n>',
    kind: 'int',
    min: 1,
    description: 'most tokens per reply',
  },
  { key: 'seed', flags: '--seed <n>', kind: 'int', min: 0, description: 'sampling seed' },
  {
    key: 'temperature',
    flags: '-t, --temperature <x>',
    kind: 'number',
    min: 0,
    max: 2,
    description: 'sampling temperature, 0 to 2',
  },
  {
    key: 'priority',
    flags: '-p, --priority <priority>',
    kind: 'string',
    choices: PRIORITIES,
    description: "queue priority, sent as X-Llorch-Priority (default: the server's, interactive)",
  },
  {
    key: 'session',
    flags: '-s, --session <id>',
    kind: 'string',
    description: 'session id, sent as X-Llorch-Session (default: none; a fresh one per interactive chat)',
  },
  {
    key: 'interactive',
    flags: '-i, --interactive',
    kind: 'flag',
    description: 'keep a conversation going, one line per turn, even when stdin is not a terminal',
  },
] as const satisfies readonly OptionSpec[];

export const CATALOG_ADD_OPTIONS = [
  {
    key: 'digest',
    flags: '--digest <sha256>',
    kind: 'string',
    description: 'sha256 of the model file (required unless --from-file)',
  },
  {
    key: 'sourceUrl',
    flags: '--source-url <url>',
    kind: 'string',
    description: 'where the model came from (required unless --from-file)',
  },
  { key: 'tag', flags: '--tag <tag>', kind: 'list', description: 'a label (repeatable)' },
  {
    key: 'trustPolicy',
    flags: '--trust-policy <policy>',
    kind: 'string',
    choices: ['permissive', 'strict'],
    description: 'trust policy',
  },
  {
    key: 'fromFile',
    flags: '--from-file <file>',
    kind: 'string',
    description: 'read the whole entry (JSON or YAML, CatalogModelInput) from a file',
  },
] as const satisfies readonly OptionSpec[];

export const CATALOG_STATE_OPTIONS = [
  { key: 'reason', flags: '--reason <text>', kind: 'string', description: 'why (kept for the audit trail)' },
] as const satisfies readonly OptionSpec[];

export const RELOAD_OPTIONS = [
  {
    key: 'expectedDigest',
    flags: '--expected-digest <sha256>',
    kind: 'string',
    description: 'the sha256 the model file must have (sha256sum output); a file that differs is refused',
  },
] as const satisfies readonly OptionSpec[];

export const DRAIN_OPTIONS = [
  {
    key: 'deadline',
    flags: '--deadline <ms>',
    kind: 'int',
    min: 0,
    defaultValue: 30_000,
    description: 'how long held work may run before it is canceled',
  },
] as const satisfies readonly OptionSpec[];

export const ARTIFACT_PUT_OPTIONS = [
  {
    key: 'kind',
    flags: '-k, --kind <kind>',
    kind: 'string',
    choices: ['plan', 'summary', 'diff', 'trace', 'other'],
    defaultValue: 'other',
    description: 'artifact kind',
  },
  { key: 'tag', flags: '--tag <tag>', kind: 'list', description: 'a label (repeatable)' },
  {
    key: 'parent',
    flags: '--parent <id>',
    kind: 'string',
    description: 'id of the artifact this one derives from',
  },
  { key: 'meta', flags: '--meta <key=value>', kind: 'list', description: 'a metadata entry (repeatable)' },
] as const satisfies readonly OptionSpec[];

export const ARTIFACT_GET_OPTIONS = [
  { key: 'content', flags: '--content', kind: 'flag', description: 'print only the content, byte for byte' },
] as const satisfies readonly OptionSpec[];

export const COMMANDS = [
  {
    path: ['submit'],
    args: ['[prompt]'],
    summary: 'submit a task and stream its tokens to stdout',
    options: SUBMIT_OPTIONS,
  },
  {
    path: ['chat'],
    args: ['[message]'],
    summary: 'chat over /v1/chat/completions (no message on a terminal: a conversation; `-`: stdin)',
    options: CHAT_OPTIONS,
  },
  { path: ['stream'], args: ['<task-id>'], summary: 'follow an admitted task', options: [] },
  { path: ['cancel'], args: ['<task-id>'], summary: 'cancel a queued or running task', options: [] },
  {
    path: ['sessions', 'show'],
    aliases: ['get'],
    args: ['<session-id>'],
    summary: 'show a session: TTL, turns, KV, budgets',
    options: [],
  },
  { path: ['sessions', 'delete'], args: ['<session-id>'], summary: 'evict a session', options: [] },
  { path: ['catalog', 'add'], args: ['<id>'], summary: 'register a model', options: CATALOG_ADD_OPTIONS },
  { path: ['catalog', 'get'], args: ['<id>'], summary: 'show a catalog entry', options: [] },
  {
    path: ['catalog', 'verify'],
    args: ['<id>'],
    summary: "verify a model's digest, signatures and SBOM",
    options: [],
  },
  {
    path: ['catalog', 'state'],
    args: ['<id>', '<state>'],
    summary: 'move a model to Draft|Canary|Active|Deprecated|Retired',
    options: CATALOG_STATE_OPTIONS,
  },
  { path: ['pools', 'health'], args: ['<pool>'], summary: "show a pool's health", options: [] },
  { path: ['pools', 'drain'], args: ['<pool>'], summary: 'drain a pool', options: DRAIN_OPTIONS },
  {
    path: ['pools', 'reload'],
    args: ['<pool>', '<model-ref>'],
    summary: "swap a pool's model atomically",
    options: RELOAD_OPTIONS,
  },
  {
    path: ['caps'],
    aliases: ['capabilities'],
    args: [],
    summary: 'engines, versions, context limits and concurrency',
    options: [],
  },
  { path: ['replicasets'], args: [], summary: 'replica sets with load, slots and latency', options: [] },
  { path: ['models'], args: [], summary: 'servable models: state, devices, memory', options: [] },
  {
    path: ['clients'],
    args: [],
    summary: 'agent clients: limits, queue share, tasks, tokens, GPU time (owner token)',
    options: [],
  },
  {
    path: ['artifacts', 'put'],
    args: ['[file]'],
    summary: 'store a document (file or stdin) and print its id',
    options: ARTIFACT_PUT_OPTIONS,
  },
  {
    path: ['artifacts', 'get'],
    args: ['<id>'],
    summary: 'print a stored artifact',
    options: ARTIFACT_GET_OPTIONS,
  },
  {
    path: ['status'],
    args: [],
    summary: 'one-screen summary: readiness, pools, slots, queues, devices',
    options: [],
  },
  { path: ['ui'], args: [], summary: 'the live status page URL (opened on a desktop)', options: [] },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['path'] extends infer P
  ? P extends readonly [infer A extends string]
    ? A
    : P extends readonly [infer A extends string, infer B extends string]
      ? `${A} ${B}`
      : never
  : never;

/** Group commands (`catalog`, `pools`...) have no action of their own, only a summary. */
export const GROUP_SUMMARIES: Record<string, string> = {
  sessions: 'inspect or evict sessions',
  catalog: 'the model catalog',
  pools: 'pool health, drain and reload',
  artifacts: 'content-addressed documents',
};
