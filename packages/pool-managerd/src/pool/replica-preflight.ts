// POOL-004..POOL-007, POOL-021: the Preflight step of one replica attempt.
// Resolves and verifies the model, finds the engine binary, estimates the VRAM
// footprint and the per-token KV size (ORCHD-027) from the GGUF header, plans the
// device mask against a fresh GPU sample minus what other replicas reserved,
// and returns the launch recipe.
// Engine secrets are read here, at each start (OC-007, CFG-017).
// Every refusal is a PoolManagerError whose message is the replica's last_error.
import type { ModelConfig, PoolConfig } from '@llama-orch/contracts';
import { adapterFor } from '@llama-orch/worker-adapters';
import {
  portCount,
  engineArgs,
  engineEnv,
  DEFAULT_ENGINE_BINARIES,
} from '../engine-recipes/engine-recipes.js';
import { resolveSecretEnv } from '../engine-recipes/secret-env.js';
import { PoolManagerError } from '../errors.js';
import { checkGpuFigures } from '../inventory/gpu-figures.js';
import type { GpuMonitor } from '../inventory/gpu-monitor.js';
import { narrowPool, planReplica, vramTable } from '../preflight/device-plan.js';
import type { ModelSource } from '../preflight/model-source.js';
import {
  describeFootprint,
  estimateFootprint,
  kvBytesPerToken,
  modelShape,
  type ModelShape,
} from '../preflight/vram-estimate.js';
import { readGgufHeader } from '@llama-orch/engine-provision';
import type { ReplicaLaunch } from '../replica/supervisor-types.js';
import { findExecutable } from '../util/find-executable.js';
import type { OrderedLock, Ticket } from '../util/ordered-lock.js';
import type { VramLedger } from './vram-ledger.js';

/** The llama-server to use for a pool: configured, or built/cached by pool-managerd. */
export type LlamaServerResolver = (pool: PoolConfig) => Promise<{ binaryPath: string; version: string }>;

export interface ReplicaPreflightDeps {
  models: ModelSource;
  gpus: GpuMonitor;
  ledger: VramLedger;
  /** Serialises GPU planning in request order (deterministic placement). */
  planning: OrderedLock;
  llamaServer: LlamaServerResolver;
  /** Base environment for engines (PATH matters for bare binary names). */
  env: NodeJS.ProcessEnv;
}

export interface ReplicaPreflightInput {
  pool: PoolConfig;
  index: number;
  modelRef: string;
  model: ModelConfig | undefined;
  /** The sha256 a reload named for this model (POOL-050): every start checks it. */
  expectedSha256?: string | undefined;
  /** The GPUs a load named (POOL-052), a subset of the pool's mask; undefined: the whole mask. */
  devices?: readonly number[] | undefined;
  /** Unique per attempt-owner, so a reload candidate and the replica it replaces hold separate reservations. */
  ledgerKey: string;
}

/** What every adapter of this pool's replicas is built with, whatever its endpoint. */
function adapterBaseOf(pool: PoolConfig, modelRef: string, slots: number) {
  return { engine: pool.engine, modelRef, slots, ctx: pool.ctx, timeouts: streamDeadlines(pool) };
}

export async function replicaPreflight(
  deps: ReplicaPreflightDeps,
  input: ReplicaPreflightInput,
): Promise<ReplicaLaunch> {
  const { pool, modelRef } = input;
  const cpu = pool.devices === 'cpu';
  const slots = pool.launch?.parallel ?? 1;
  const adapterBase = adapterBaseOf(pool, modelRef, slots);

  if (pool.endpoints !== undefined) {
    const endpoint = pool.endpoints[input.index] ?? pool.endpoints[0]!;
    // CFG-021: where this engine serves /metrics when not at its endpoint (an external Triton).
    const metricsEndpoint = pool.metrics_endpoints?.[input.index] ?? pool.metrics_endpoints?.[0] ?? null;
    const modelDigest = pool.model.digest ?? null;
    const devices = pool.devices === 'cpu' ? [] : pool.devices;
    return {
      spawn: null,
      endpoint,
      devices,
      modelDigest,
      vramBytes: null,
      adapter: (url) =>
        adapterFor({
          ...adapterBase,
          endpoint: url,
          modelDigest,
          metricsEndpoint: metricsEndpoint ?? undefined,
        }),
      metricsEndpoint: () => metricsEndpoint,
      ...gpuTelemetry(deps.gpus, devices),
    };
  }

  // Take a place in the planning line before any await, so replicas plan in slot order.
  const ticket = cpu ? null : deps.planning.ticket();
  try {
    return await prepare(deps, input, ticket);
  } finally {
    ticket?.release();
  }
}

/** Triton serves /metrics on its third port (engineArgs' --metrics-port); the others at their endpoint. */
function metricsEndpointOf(ports: readonly number[]): string | null {
  return ports[2] === undefined ? null : `http://127.0.0.1:${ports[2]}`;
}

/** The pool's stream deadlines; pool-managerd runs no watchdog of its own, so its adapters hold them. */
function streamDeadlines(pool: PoolConfig): { firstTokenMs: number; idleMs: number } {
  return { firstTokenMs: pool.timeouts.first_token_ms, idleMs: pool.timeouts.idle_ms };
}

/** HOME-013: a replica on GPUs must read their figures in its self-test; a CPU replica has none to read. */
function gpuTelemetry(gpus: GpuMonitor, devices: readonly number[]): Pick<ReplicaLaunch, 'gpuFigures'> {
  if (devices.length === 0) return {};
  return { gpuFigures: (signal) => checkGpuFigures(gpus, devices, signal) };
}

async function prepare(
  deps: ReplicaPreflightDeps,
  input: ReplicaPreflightInput,
  ticket: Ticket | null,
): Promise<ReplicaLaunch> {
  const { pool, modelRef } = input;
  const slots = pool.launch?.parallel ?? 1;
  const adapterBase = adapterBaseOf(pool, modelRef, slots);
  const launch = pool.launch;
  if (launch === undefined) throw new Error(`pool ${pool.id} has endpoints; it has nothing to launch`);
  // Before any GPU planning, so a missing secret reserves nothing.
  const secrets = await resolveSecretEnv(pool.id, launch.secret_env, deps.env);
  const model = await deps.models.resolve(modelRef, input.model, input.expectedSha256);
  let binaryPath: string;
  let engineVersion: string | undefined;
  if (pool.engine === 'llamacpp') {
    ({ binaryPath, version: engineVersion } = await deps.llamaServer(pool));
  } else {
    const wanted = launch.binary ?? DEFAULT_ENGINE_BINARIES[pool.engine];
    const found = await findExecutable(wanted, deps.env);
    if (found === undefined) {
      throw new PoolManagerError(
        'ENGINE_UNAVAILABLE',
        `pool ${pool.id}: engine binary ${wanted} for ${pool.engine} is not installed (not found on PATH); install it or set launch.binary`,
        { poolId: pool.id },
      );
    }
    binaryPath = found;
  }

  // Only GGUF reveals its shape cheaply; other engines size themselves (e.g. vLLM's memory fraction).
  const shape: ModelShape | Error | null =
    pool.engine === 'llamacpp'
      ? await readGgufHeader(model.path).then(modelShape, (cause: unknown) =>
          cause instanceof Error ? cause : new Error(String(cause)),
        )
      : null;
  let devices: number[] | 'cpu' = 'cpu';
  let tensorSplit: number[] | null = null;
  let vramBytes: number | null = null;
  if (ticket !== null) {
    await ticket.acquire();
    const sample = await deps.gpus.refresh();
    if (shape instanceof Error) {
      throw new PoolManagerError('MODEL_UNREADABLE', `model ${modelRef} at ${model.path}: ${shape.message}`, {
        cause: shape,
        poolId: pool.id,
      });
    }
    const options = { ctx: pool.ctx, slots };
    const footprint = shape === null ? null : estimateFootprint(shape, options);
    const requirement =
      footprint === null
        ? { bytes: 0, text: 'an engine-managed amount' }
        : { bytes: footprint.total_bytes, text: describeFootprint(footprint, options) };
    const { plan } = planReplica({
      pool: narrowPool(pool, input.devices),
      requiredBytes: requirement.bytes,
      requirement: requirement.text,
      gpus: sample.gpus,
      probeFailure: sample.probe.ok ? null : (sample.probe.detail ?? 'nvidia-smi failed'),
      table: deps.ledger.apply(vramTable(sample.gpus)),
    });
    if (plan.type === 'gpu') {
      devices = plan.devices;
      tensorSplit = plan.tensor_split;
      vramBytes = plan.reserved_bytes.reduce((a, b) => a + b, 0) || null;
      deps.ledger.reserve(input.ledgerKey, plan.devices, plan.reserved_bytes);
    }
  }

  const recipe = {
    engine: pool.engine,
    modelPath: model.path,
    modelRef,
    ctx: pool.ctx,
    launch,
    devices,
    tensorSplit,
    host: '127.0.0.1',
  };
  const gpuDevices = devices === 'cpu' ? [] : devices;
  // ORCHD-027: what a session's context costs in KV; on the CPU an unreadable header is the engine's to report.
  const kvPerToken = shape === null || shape instanceof Error ? null : kvBytesPerToken(shape);
  return {
    ...gpuTelemetry(deps.gpus, gpuDevices),
    spawn: {
      binaryPath,
      args: (ports) => engineArgs(recipe, ports),
      portCount: portCount(pool.engine),
      env: engineEnv(deps.env, { devices, launch }, secrets),
    },
    secretValues: Object.values(secrets),
    devices: gpuDevices,
    modelDigest: model.sha256,
    vramBytes,
    kvBytesPerToken: kvPerToken,
    adapter: (endpoint, ports) =>
      adapterFor({
        ...adapterBase,
        endpoint,
        modelDigest: model.sha256,
        engineVersion,
        kvBytesPerToken: kvPerToken,
        metricsEndpoint: metricsEndpointOf(ports) ?? undefined,
      }),
    // Reported with the replica, so orchestratord's adapter reads the same port.
    metricsEndpoint: metricsEndpointOf,
  };
}
