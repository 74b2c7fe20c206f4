// WA-013: the simulator command line as one typed table, used both to parse argv in the
// child process and to build argv in startSimulator, so the two never drift.
import { ENGINES } from '@llama-orch/contracts';
import { formatFault, formatToolCall, parseFault, parseToolCall, resolveOptions } from './options.js';
import type { SimProtocol, SimulatorOptions } from './options.js';

type Flag = {
  [K in keyof SimulatorOptions]: {
    key: K;
    flag: string;
    parse: (raw: string) => SimulatorOptions[K];
    format: (value: SimulatorOptions[K]) => string[];
    /** The flag may repeat; each occurrence adds to the list. */
    repeats?: true;
  };
}[keyof SimulatorOptions];

function oneOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (raw: string): T => {
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    throw new Error(`${flag} must be one of ${allowed.join(', ')} (got "${raw}")`);
  };
}

function integer(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${flag} needs a non-negative integer (got "${raw}")`);
    return value;
  };
}

const text = (raw: string): string => raw;
const single = (value: string | number): string[] => [String(value)];

const FLAGS: readonly Flag[] = [
  {
    key: 'protocol',
    flag: '--protocol',
    parse: oneOf('--protocol', ENGINES),
    format: single,
  },
  { key: 'host', flag: '--host', parse: text, format: single },
  { key: 'port', flag: '--port', parse: integer('--port'), format: single },
  { key: 'model', flag: '--model', parse: oneOf('--model', ['golden', 'seeded']), format: single },
  { key: 'modelName', flag: '--model-name', parse: text, format: single },
  { key: 'engineVersion', flag: '--engine-version', parse: text, format: single },
  { key: 'tokenDelayMs', flag: '--token-delay-ms', parse: integer('--token-delay-ms'), format: single },
  { key: 'loadingMs', flag: '--loading-ms', parse: integer('--loading-ms'), format: single },
  { key: 'slots', flag: '--slots', parse: integer('--slots'), format: single },
  { key: 'ctx', flag: '--ctx', parse: integer('--ctx'), format: single },
  {
    key: 'faults',
    flag: '--fault',
    parse: (raw) => [parseFault(raw)],
    format: (faults) => faults.map(formatFault),
    repeats: true,
  },
  {
    key: 'tritonSeedInput',
    flag: '--triton-seed-input',
    parse: oneOf('--triton-seed-input', ['seed', 'random_seed']),
    format: single,
  },
  {
    key: 'vllmLegacyKvMetric',
    flag: '--vllm-legacy-kv-metric',
    parse: (raw) => oneOf('--vllm-legacy-kv-metric', ['true', 'false'])(raw) === 'true',
    format: (value) => [String(value)],
  },
  {
    key: 'metricsPort',
    flag: '--metrics-port',
    parse: (raw) => (raw === 'none' ? null : integer('--metrics-port')(raw)),
    format: (value) => [value === null ? 'none' : String(value)],
  },
  {
    key: 'toolCalls',
    flag: '--tool-call',
    parse: (raw) => [parseToolCall(raw)],
    format: (calls) => calls.map(formatToolCall),
    repeats: true,
  },
];

export const USAGE = `usage: main.ts --protocol llamacpp|vllm|tgi|triton [${FLAGS.filter(
  (f) => f.key !== 'protocol',
)
  .map((f) => f.flag)
  .join(' V] [')} V]  (--fault and --tool-call repeat)`;

export function parseArgs(argv: readonly string[]): SimulatorOptions {
  const partial: Record<string, unknown> = {};
  for (const spec of FLAGS) if (spec.repeats === true) partial[spec.key] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const raw = argv[i + 1];
    const spec = FLAGS.find((f) => f.flag === flag);
    if (spec === undefined) throw new Error(`unknown option "${flag}"\n${USAGE}`);
    if (raw === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    const value: unknown = spec.parse(raw);
    if (spec.repeats === true) (partial[spec.key] as unknown[]).push(...(value as unknown[]));
    else partial[spec.key] = value;
  }
  if (partial['protocol'] === undefined) throw new Error(`--protocol is required\n${USAGE}`);
  return resolveOptions({ ...partial, protocol: partial['protocol'] as SimProtocol } as never);
}

export function toArgs(options: SimulatorOptions): string[] {
  const argv: string[] = [];
  for (const spec of FLAGS) {
    const values = (spec.format as (value: unknown) => string[])(options[spec.key]);
    if (spec.repeats === true) for (const value of values) argv.push(spec.flag, value);
    else argv.push(spec.flag, ...values);
  }
  return argv;
}
