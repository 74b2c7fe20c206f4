// WA-013: simulator process entry point:
//   tsx test-harness/engine-simulators/src/main.ts --protocol vllm --port 0 --model golden \
//     --token-delay-ms 2 --loading-ms 300 --fault exit-after:5
// Prints JSON lines on stdout: {"port": url} (vLLM/TGI/Triton, before the socket listens),
// {"listening": url} when connections are accepted, {"ready": url} when the model is loaded.
// A test tool only: it imitates an engine's wire protocol, it is never a production engine.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from './cli-args.js';
import { createSimulatorServer } from './server.js';

const PARENT_POLL_MS = 500;
const CRASH_FLUSH_MS = 50;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const server = createSimulatorServer({
    options,
    effects: {
      async crash(code) {
        // Give already-written chunks a moment to leave the socket, like a real crash mid-flush.
        await sleep(CRASH_FLUSH_MS);
        process.exit(code);
      },
      stderr: (line) => process.stderr.write(`${line}\n`),
    },
    onPhase: (event) => process.stdout.write(`${JSON.stringify({ [event.type]: event.endpoint })}\n`),
  });

  const shutdown = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  // Never outlive the process that started us: a test runner that dies must not leave engines behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, PARENT_POLL_MS).unref();

  await server.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `engine simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
