// Named agent clients (CFG-030..CFG-033, OC-001): one owner, several agents, each
// with its own key, a weight for the fair share between them and optional limits.
// Keys never appear in the config: each client names a token file or an
// environment variable, as the owner's token does (CFG-005).
import { z } from 'zod';
import { fsPath, positiveInt } from './schema-common.js';

/** Name of the deployment token's holder; no configured client may take it. */
export const OWNER_CLIENT = 'owner';

const clientName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, {
    error: 'expected 1-32 chars of a-z, 0-9, "_" or "-", starting with a letter',
  })
  .refine((name) => name !== OWNER_CLIENT, {
    error: `"${OWNER_CLIENT}" is the deployment token's holder; pick another client name`,
  })
  .describe('How logs, metrics and GET /v1/clients name this agent.');

const priority = z.enum(['interactive', 'batch']);

export const clientSchema = z
  .strictObject({
    name: clientName,
    token_file: fsPath
      .optional()
      .describe('File holding this client’s token (mode 0600); re-read when it changes or on SIGHUP.'),
    token_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, {
        error: 'expected an environment variable name such as LLORCH_TOKEN_AIDER',
      })
      .optional()
      .describe('Environment variable holding this client’s token (read at start).'),
    weight: z
      .number()
      .positive()
      .max(1000)
      .default(1)
      .describe('Share of dispatches inside a priority lane while several clients wait (fair_share).'),
    max_priority: priority.default('interactive').describe('Highest priority this client may ask for.'),
    above_max_priority: z
      .enum(['lower', 'refuse'])
      .default('lower')
      .describe(
        'A request above max_priority is lowered to it (and says so in a header) or refused with 403.',
      ),
    max_concurrent: positiveInt
      .optional()
      .describe('At most this many of the client’s tasks run at once; more wait behind other clients’ work.'),
    max_queued: z
      .int()
      .min(0)
      .optional()
      .describe(
        'Tasks that may wait beyond max_concurrent (default: max_concurrent); one more is refused with 429.',
      ),
    tokens_per_minute: positiveInt
      .optional()
      .describe('Prompt plus generated tokens in any 60 s window; beyond it requests get 429.'),
    models: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Model ids this client may use (default: every model); another gets 403.'),
  })
  .refine((c) => (c.token_file === undefined) !== (c.token_env === undefined), {
    error: 'give exactly one of token_file or token_env',
  })
  .refine((c) => c.max_queued === undefined || c.max_concurrent !== undefined, {
    error: 'max_queued counts tasks waiting beyond max_concurrent; set max_concurrent too',
    path: ['max_queued'],
  })
  .describe('An agent with its own key (CFG-030).');

export const clientsSchema = z
  .array(clientSchema)
  .max(64)
  .default([])
  .refine((list) => new Set(list.map((c) => c.name)).size === list.length, {
    error: 'client names must be unique',
  })
  .describe(
    'Named agent clients, each with its own key, weight and limits; the deployment token stays the unlimited owner (CFG-030).',
  );

export const fairShareSchema = z
  .boolean()
  .default(true)
  .describe(
    'true: inside each priority lane, clients with waiting work take turns by weight (weighted deficit round robin); false: one first-in first-out line per lane.',
  );

export type ClientConfig = z.output<typeof clientSchema>;
