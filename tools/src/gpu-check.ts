// HOME-020, POOL-002: `npm run gpu:check [-- --plan]`, the check to run on a
// machine with an NVIDIA GPU before trusting llama-orch on it. It reads the
// real nvidia-smi first: without a GPU it says why and exits 2, before anything
// is built. With one, it runs the steps in gpu-check/steps.ts (CUDA build,
// preflight and boot self-test, Haiku end-to-end, determinism on the GPU) and
// prints one report; exit 0 when all passed, 1 otherwise. `--plan` stops after
// detection and lists the steps it would run.
import { parseArgs } from 'node:util';
import { probeGpus } from '@llama-orch/pool-managerd';
import { describeGpus, exitStatusOf, formatReport, type StepResult } from './gpu-check/report.js';
import { GPU_CHECK_STEPS } from './gpu-check/steps.js';

const USAGE = `usage: npm run gpu:check [-- --plan]
  reads nvidia-smi; without an NVIDIA GPU it exits 2. With one it builds the CUDA llama-server,
  starts the product on the GPUs (VRAM preflight, boot self-test), runs the Haiku end-to-end and
  the determinism suite there, and prints one report (exit 0 all passed, 1 a step failed)
  --plan   list the GPUs and the steps, run nothing`;

async function main(argv: string[]): Promise<number> {
  let values: { plan?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: { plan: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const inventory = await probeGpus();
  if (!inventory.probe.ok) {
    process.stdout.write(
      `gpu:check: no NVIDIA GPU on this machine, nothing to check: ${inventory.probe.detail}\n`,
    );
    return 2;
  }
  if (values.plan === true) {
    const lines = [
      `gpu:check: ${inventory.gpus.length} NVIDIA GPU(s) from nvidia-smi`,
      ...describeGpus(inventory.gpus),
      'gpu:check: would run, in order:',
      ...GPU_CHECK_STEPS.map((s, n) => `  ${n + 1}. ${s.name}: ${s.plan}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(new Error(`interrupted by ${signal}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results: StepResult[] = [];
  for (const step of GPU_CHECK_STEPS) {
    const unmet = step.needs.filter((n) => results.find((r) => r.name === n)?.status !== 'ok');
    if (unmet.length > 0 || controller.signal.aborted) {
      const why = controller.signal.aborted ? 'interrupted' : `needs ${unmet.join(', ')}`;
      results.push({ name: step.name, status: 'skipped', detail: why, seconds: 0 });
      continue;
    }
    process.stderr.write(`gpu:check: ${step.name}\n`);
    const started = performance.now();
    try {
      const detail = await step.run({
        say: (line) => process.stderr.write(`${line}\n`),
        signal: controller.signal,
      });
      results.push({ name: step.name, status: 'ok', detail, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      results.push({
        name: step.name,
        status: 'failed',
        detail,
        seconds: (performance.now() - started) / 1000,
      });
    }
  }
  process.stdout.write(formatReport(inventory.gpus, results));
  return exitStatusOf(results);
}

process.exitCode = await main(process.argv.slice(2));
