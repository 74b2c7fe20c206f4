// Test stand-in for `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]`.
// Reads the GPUs (or a failure to imitate) from the JSON file named by
// FAKE_NVIDIA_SMI_STATE on every call, so a test can change the host live.
// Plain JavaScript so each call costs one bare `node` start, not a TS loader.
import { readFileSync } from 'node:fs';

const FIELDS = {
  index: { value: (gpu) => gpu.index },
  uuid: { value: (gpu) => gpu.uuid },
  name: { value: (gpu) => gpu.name },
  'pci.bus_id': {
    value: (gpu) => gpu.pci_bus_id ?? `00000000:${String(gpu.index + 1).padStart(2, '0')}:00.0`,
  },
  'memory.total': { unit: ' MiB', value: (gpu) => gpu.memory_total_mib },
  'memory.used': { unit: ' MiB', value: (gpu) => gpu.memory_used_mib },
  'memory.free': {
    unit: ' MiB',
    value: (gpu) =>
      gpu.memory_free_mib ??
      (typeof gpu.memory_total_mib === 'number' && typeof gpu.memory_used_mib === 'number'
        ? gpu.memory_total_mib - gpu.memory_used_mib
        : '[N/A]'),
  },
  'utilization.gpu': { unit: ' %', value: (gpu) => gpu.utilization_percent },
};

function fail(code, message) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
const query = args.find((a) => a.startsWith('--query-gpu='))?.slice('--query-gpu='.length);
const format = args.find((a) => a.startsWith('--format='))?.slice('--format='.length) ?? '';
if (query === undefined || !format.split(',').includes('csv')) {
  fail(2, 'fake nvidia-smi only answers --query-gpu=<fields> --format=csv[,noheader][,nounits]');
}
const statePath = process.env.FAKE_NVIDIA_SMI_STATE;
if (!statePath) fail(9, 'fake nvidia-smi: FAKE_NVIDIA_SMI_STATE is not set');
let state;
try {
  state = JSON.parse(readFileSync(statePath, 'utf8'));
} catch (err) {
  fail(9, `fake nvidia-smi: cannot read ${statePath}: ${err.message}`);
}
if (state.failure) fail(state.failure.exit_code ?? 9, state.failure.stderr ?? 'NVIDIA-SMI has failed');

const names = query.split(',').map((f) => f.trim());
for (const name of names) if (!(name in FIELDS)) fail(2, `Field "${name}" is not a valid field to query.`);
const units = !format.split(',').includes('nounits');
const lines = [];
if (!format.split(',').includes('noheader')) {
  lines.push(names.map((n) => (units && FIELDS[n].unit ? `${n} [${FIELDS[n].unit.trim()}]` : n)).join(', '));
}
for (const gpu of state.gpus ?? []) {
  lines.push(
    names
      .map((n) => {
        const value = FIELDS[n].value(gpu);
        if (value === null || value === undefined) return '[N/A]';
        return typeof value === 'number' && units && FIELDS[n].unit
          ? `${value}${FIELDS[n].unit}`
          : String(value);
      })
      .join(', '),
  );
}
// The real tool prints this and exits 6 when the driver answers but lists no GPU.
if ((state.gpus ?? []).length === 0) fail(6, 'No devices were found');
process.stdout.write(`${lines.join('\n')}\n`);
