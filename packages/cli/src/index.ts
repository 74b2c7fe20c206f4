// Public door of @llama-orch/cli: run the CLI in-process (tests, BDD, agents
// that embed it) and the pieces worth reusing. Named exports only.
export { runCli, buildProgram, CLI_VERSION } from './program.js';
export { processIo } from './io.js';
export type { CliIo, InputStream, OutputStream } from './io.js';
export { CliError, EXIT, formatCliError, isCliError } from './errors.js';
export type { CliErrorCode, CliErrorContext, CliErrorOptions, ExitStatus, LocalErrorCode } from './errors.js';
export { COMMANDS, GLOBAL_OPTIONS } from './command-table.js';
export type { CommandId } from './command-table.js';
export type { CommandSpec, OptionSpec, OptionValues } from './option-spec.js';
export { DEFAULT_ENDPOINT, ENVIRONMENT, cliConfigSchema, resolveSettings } from './settings.js';
export type { CliConfigFile, CliSettings, GlobalFlags, ResolveSettingsOptions } from './settings.js';
export { DEFAULT_RETRY_POLICY, decideRetry, serverWaitMs, withJitter } from './retry.js';
export type { FailedAttempt, RetryDecision, RetryPolicy, RetryState } from './retry.js';
export { buildTaskRequest, pickTarget } from './submit-request.js';
export type { SubmitOptions, Target } from './submit-request.js';
export { decodeFrame, followStream } from './stream.js';
export type { FollowStreamOptions, ResumePolicy, StreamOutcome } from './stream.js';
export { buildChatRequest, chatHeaders } from './chat-request.js';
export type { ChatOptions } from './chat-request.js';
export { collectToolCalls, decodeChatData, describeToolCall } from './openai-wire.js';
export type { ChatCompletionRequest, ChatMessage, ChatStreamEvent, ToolCall } from './openai-wire.js';
