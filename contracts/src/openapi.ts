// Typed view of the OpenAPI contracts (contracts/openapi/{data,control,pool,compat}.yaml);
// OC-003 (typed clients only), OC-016 (contracts first), OC-017 (API_VERSION).
// Packages talk to each other only through these generated types and clients,
// never through each other's internals; the YAML stays the source of truth and
// `pnpm regen` rewrites ./generated/ from it.
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { components as ControlComponents, paths as ControlPaths } from './generated/control.js';
import type { components as DataComponents, paths as DataPaths } from './generated/data.js';
import type { components as PoolComponents, paths as PoolPaths } from './generated/pool.js';
import type { components as CompatComponents, paths as CompatPaths } from './generated/compat.js';
import { followPoolEvents, type FollowEventsOptions } from './pool-events.js';

export type {
  CompatComponents,
  CompatPaths,
  ControlComponents,
  ControlPaths,
  DataComponents,
  DataPaths,
  PoolComponents,
  PoolPaths,
};
export type { operations as DataOperations } from './generated/data.js';
export type { operations as ControlOperations } from './generated/control.js';
export type { operations as PoolOperations } from './generated/pool.js';
export type { operations as CompatOperations } from './generated/compat.js';

/** Equals `info.version` of every root document; /v1/capabilities reports it as `api_version`. */
export const API_VERSION = '1.0.0';

type DataSchemas = DataComponents['schemas'];
type ControlSchemas = ControlComponents['schemas'];
type PoolSchemas = PoolComponents['schemas'];
/** Every schema of the agents' front door (compat.yaml), for the ones not aliased below. */
export type CompatSchemas = CompatComponents['schemas'];

// Shared shapes (defined once in common.yaml, identical in every document).
export type Engine = DataSchemas['Engine'];
export type Workload = DataSchemas['Workload'];
export type Liveness = ControlSchemas['Liveness'];
export type Readiness = ControlSchemas['Readiness'];
export type ClientList = ControlSchemas['ClientList'];
export type ClientUsage = ControlSchemas['ClientUsage'];
export type PoolHealth = ControlSchemas['PoolHealth'];
export type PoolHealthMetrics = ControlSchemas['PoolHealthMetrics'];
export type PoolHealthReplica = ControlSchemas['PoolHealthReplica'];
export type DrainRequest = ControlSchemas['DrainRequest'];
export type DrainAccepted = ControlSchemas['DrainAccepted'];
export type ReloadRequest = ControlSchemas['ReloadRequest'];
export type ReloadResult = ControlSchemas['ReloadResult'];

// Data plane.
export type TaskRequest = DataSchemas['TaskRequest'];
export type Admission = DataSchemas['Admission'];
export type BackpressureError = DataSchemas['BackpressureError'];
export type Priority = DataSchemas['Priority'];
export type Determinism = DataSchemas['Determinism'];
export type KvHint = DataSchemas['KvHint'];
export type ChatMessage = DataSchemas['ChatMessage'];
export type ChatToolCall = DataSchemas['ChatToolCall'];
export type ChatTool = DataSchemas['ChatTool'];
export type ToolChoice = DataSchemas['ToolChoice'];
export type ResponseFormat = DataSchemas['ResponseFormat'];
export type SessionInfo = DataSchemas['SessionInfo'];
export type SseStarted = DataSchemas['SseStarted'];
export type SseToken = DataSchemas['SseToken'];
export type SseToolCall = DataSchemas['SseToolCall'];
export type SseMetrics = DataSchemas['SseMetrics'];
export type SseEnd = DataSchemas['SseEnd'];
/** Why a canceled task's `end` frame says it ended. */
export type StreamCancelReason = DataSchemas['StreamCancelReason'];
export type SseStartedEvent = DataSchemas['SseStartedEvent'];
export type SseTokenEvent = DataSchemas['SseTokenEvent'];
export type SseToolCallEvent = DataSchemas['SseToolCallEvent'];
export type SseMetricsEvent = DataSchemas['SseMetricsEvent'];
export type SseEndEvent = DataSchemas['SseEndEvent'];
export type SseErrorEvent = DataSchemas['SseErrorEvent'];
/** One decoded task-stream frame; narrow on `event`. */
export type SseEvent = DataSchemas['SseEvent'];
export type SseEventName = SseEvent['event'];

// Control plane.
export type CatalogModel = ControlSchemas['CatalogModel'];
export type CatalogModelInput = ControlSchemas['CatalogModelInput'];
export type ModelState = ControlSchemas['ModelState'];
export type ModelStateChange = ControlSchemas['ModelStateChange'];
export type TrustPolicy = ControlSchemas['TrustPolicy'];
export type VerificationResult = ControlSchemas['VerificationResult'];
export type Capabilities = ControlSchemas['Capabilities'];
export type EngineCapability = ControlSchemas['EngineCapability'];
export type ReplicaSet = ControlSchemas['ReplicaSet'];
export type ReplicaSetList = ControlSchemas['ReplicaSetList'];
export type SloSnapshot = ControlSchemas['SloSnapshot'];
export type StatusSnapshot = ControlSchemas['StatusSnapshot'];
export type Artifact = ControlSchemas['Artifact'];
export type ArtifactInput = ControlSchemas['ArtifactInput'];
export type ArtifactKind = ControlSchemas['ArtifactKind'];

// pool-managerd (internal).
export type Replica = PoolSchemas['Replica'];
export type ReplicaState = PoolSchemas['ReplicaState'];
export type ReplicaList = PoolSchemas['ReplicaList'];
export type PoolStatus = PoolSchemas['PoolStatus'];
export type PoolList = PoolSchemas['PoolList'];
export type Gpu = PoolSchemas['Gpu'];
export type GpuProbe = PoolSchemas['GpuProbe'];
export type GpuInventory = PoolSchemas['GpuInventory'];
export type ReplicaStateChange = PoolSchemas['ReplicaStateChange'];
export type PoolEvent = PoolSchemas['PoolEvent'];

// Agents' front door (compat.yaml): OpenAI- and Anthropic-shaped wire types.
export type OpenAiError = CompatSchemas['OpenAiError'];
export type OpenAiErrorCode = CompatSchemas['OpenAiErrorCode'];
export type OpenAiModelList = CompatSchemas['OpenAiModelList'];
export type OpenAiChatCompletionRequest = CompatSchemas['OpenAiChatCompletionRequest'];
export type OpenAiChatMessage = CompatSchemas['OpenAiChatMessage'];
export type OpenAiChatCompletion = CompatSchemas['OpenAiChatCompletion'];
export type OpenAiChatCompletionChunk = CompatSchemas['OpenAiChatCompletionChunk'];
export type OpenAiFinishReason = CompatSchemas['OpenAiFinishReason'];
export type OpenAiUsage = CompatSchemas['OpenAiUsage'];
export type OpenAiCompletionRequest = CompatSchemas['OpenAiCompletionRequest'];
export type OpenAiCompletion = CompatSchemas['OpenAiCompletion'];
export type OpenAiCompletionChunk = CompatSchemas['OpenAiCompletionChunk'];
export type OpenAiResponseRequest = CompatSchemas['OpenAiResponseRequest'];
export type OpenAiResponseInputItem = CompatSchemas['OpenAiResponseInputItem'];
export type OpenAiResponse = CompatSchemas['OpenAiResponse'];
export type OpenAiResponseOutputItem = CompatSchemas['OpenAiResponseOutputItem'];
/** One event of a streamed Responses answer; narrow on `type`. */
export type OpenAiResponseStreamEvent = CompatSchemas['OpenAiResponseStreamEvent'];
export type AnthropicError = CompatSchemas['AnthropicError'];
export type AnthropicModelList = CompatSchemas['AnthropicModelList'];
export type AnthropicMessagesRequest = CompatSchemas['AnthropicMessagesRequest'];
export type AnthropicMessageParam = CompatSchemas['AnthropicMessageParam'];
export type AnthropicMessage = CompatSchemas['AnthropicMessage'];
export type AnthropicStopReason = CompatSchemas['AnthropicStopReason'];
/** One event of a streamed Messages answer; narrow on `type`. */
export type AnthropicStreamEvent = CompatSchemas['AnthropicStreamEvent'];
export type AnthropicCountTokensRequest = CompatSchemas['AnthropicCountTokensRequest'];
export type AnthropicTokenCount = CompatSchemas['AnthropicTokenCount'];

export type DataClient = Client<DataPaths>;
export type ControlClient = Client<ControlPaths>;
/** pool-managerd's typed client, plus its event stream as validated PoolEvent values. */
export type PoolClient = Client<PoolPaths> & {
  followEvents(options: FollowEventsOptions): AsyncGenerator<PoolEvent, void, undefined>;
};
export type CompatClient = Client<CompatPaths>;

export interface ApiClientOptions {
  /** Origin of the daemon, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The shared API token; sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Pass undici's Request together with undici's fetch; mixing undici's fetch with the global Request fails. */
  Request?: typeof Request;
  /** Extra headers sent on every request; per-call headers (e.g. X-Correlation-Id) go in each call's options. */
  headers?: Record<string, string>;
}

function clientHeaders(options: ApiClientOptions): Record<string, string> {
  const headers = { ...options.headers };
  if (options.token !== undefined) {
    // A token read from a file with a trailing newline would otherwise surface
    // later as an opaque "invalid header value" from fetch.
    if (options.token.length === 0 || /[\r\n]/.test(options.token)) {
      throw new TypeError(
        'API token is empty or contains a line break; set LLORCH_API_TOKEN (or the token file) to the bare token',
      );
    }
    headers['Authorization'] = `Bearer ${options.token}`;
  }
  return headers;
}

function createTypedClient<Paths extends object>(options: ApiClientOptions): Client<Paths> {
  return createClient<Paths>({
    baseUrl: options.baseUrl,
    headers: clientHeaders(options),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    ...(options.Request !== undefined && { Request: options.Request }),
  });
}

/** Typed client for orchestratord's data plane (tasks, streams, sessions). */
export function createDataClient(options: ApiClientOptions): DataClient {
  return createTypedClient<DataPaths>(options);
}

/** Typed client for orchestratord's control plane (catalog, pools, discovery, artifacts, probes, metrics). */
export function createControlClient(options: ApiClientOptions): ControlClient {
  return createTypedClient<ControlPaths>(options);
}

/** Typed client for pool-managerd's internal API, with followEvents() for GET /v1/events. */
export function createPoolClient(options: ApiClientOptions): PoolClient {
  const source = {
    baseUrl: options.baseUrl,
    headers: clientHeaders(options),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
  };
  return Object.assign(createTypedClient<PoolPaths>(options), {
    followEvents: (follow: FollowEventsOptions) => followPoolEvents(source, follow),
  });
}

/** Typed client for the OpenAI- and Anthropic-compatible routes (agents' front door). */
export function createCompatClient(options: ApiClientOptions): CompatClient {
  return createTypedClient<CompatPaths>(options);
}
