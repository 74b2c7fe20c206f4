// CLI-001: which function runs each command of the table. Kept apart from the
// table so the table stays pure data that tests and help can read freely.
import type {
  ARTIFACT_GET_OPTIONS,
  ARTIFACT_PUT_OPTIONS,
  CATALOG_ADD_OPTIONS,
  CATALOG_STATE_OPTIONS,
  CommandId,
  DRAIN_OPTIONS,
  RELOAD_OPTIONS,
} from './command-table.js';
import { runChat } from './chat.js';
import type { ChatOptions } from './chat-request.js';
import { runArtifactGet, runArtifactPut } from './commands/artifact-commands.js';
import {
  runCatalogAdd,
  runCatalogGet,
  runCatalogState,
  runCatalogVerify,
} from './commands/catalog-commands.js';
import { runCaps, runReplicaSets, runStatus } from './commands/discovery-commands.js';
import { runClients } from './commands/client-commands.js';
import { runModels } from './commands/model-commands.js';
import { runPoolDrain, runPoolHealth, runPoolReload } from './commands/pool-commands.js';
import { runSessionDelete, runSessionShow } from './commands/session-commands.js';
import { runCancel, runStream } from './commands/task-commands.js';
import { runUi } from './commands/ui-command.js';
import type { CommandHandler } from './context.js';
import type { OptionValues } from './option-spec.js';
import { runSubmit } from './submit.js';
import type { SubmitOptions } from './submit-request.js';

/** Commander has already enforced the required (`<x>`) arguments, so those are present. */
const arg = (args: readonly (string | undefined)[], i: number): string => args[i] ?? '';

export const HANDLERS: Record<CommandId, CommandHandler> = {
  submit: (ctx, args, o) => runSubmit(ctx, args[0], o as SubmitOptions),
  chat: (ctx, args, o) => runChat(ctx, args[0], o as ChatOptions),
  stream: (ctx, args) => runStream(ctx, arg(args, 0)),
  cancel: (ctx, args) => runCancel(ctx, arg(args, 0)),
  'sessions show': (ctx, args) => runSessionShow(ctx, arg(args, 0)),
  'sessions delete': (ctx, args) => runSessionDelete(ctx, arg(args, 0)),
  'catalog add': (ctx, args, o) =>
    runCatalogAdd(ctx, arg(args, 0), o as OptionValues<typeof CATALOG_ADD_OPTIONS>),
  'catalog get': (ctx, args) => runCatalogGet(ctx, arg(args, 0)),
  'catalog verify': (ctx, args) => runCatalogVerify(ctx, arg(args, 0)),
  'catalog state': (ctx, args, o) =>
    runCatalogState(ctx, arg(args, 0), arg(args, 1), o as OptionValues<typeof CATALOG_STATE_OPTIONS>),
  'pools health': (ctx, args) => runPoolHealth(ctx, arg(args, 0)),
  'pools drain': (ctx, args, o) => runPoolDrain(ctx, arg(args, 0), o as OptionValues<typeof DRAIN_OPTIONS>),
  'pools reload': (ctx, args, o) =>
    runPoolReload(ctx, arg(args, 0), arg(args, 1), o as OptionValues<typeof RELOAD_OPTIONS>),
  caps: (ctx) => runCaps(ctx),
  replicasets: (ctx) => runReplicaSets(ctx),
  models: (ctx) => runModels(ctx),
  clients: (ctx) => runClients(ctx),
  'artifacts put': (ctx, args, o) =>
    runArtifactPut(ctx, args[0], o as OptionValues<typeof ARTIFACT_PUT_OPTIONS>),
  'artifacts get': (ctx, args, o) =>
    runArtifactGet(ctx, arg(args, 0), o as OptionValues<typeof ARTIFACT_GET_OPTIONS>),
  status: (ctx) => runStatus(ctx),
  ui: (ctx) => runUi(ctx),
};
