// `pnpm bench`: orchestratord's overhead over talking to the engine directly,
// measured in one run, first against paced llama.cpp-protocol engines:
//   - TTFT overhead p50/p99 at 1 stream (two requests, and one round trip) and at 32;
//   - the same for one streamed OpenAI chat request (POST /v1/chat/completions), with three
//     proxies measured beside it: bare Node (plain-proxy.ts), Fastify set up as the product
//     is (fastify-proxy.ts: the framework's own share) and nginx (nginx-proxy.ts);
//   - relay rate ratio for one stream at 10k tok/s, native and chat;
//   - aggregate tok/s at 64 concurrent streams;
//   - admission req/s and p99 latency;
// then, as a second table with no goal, against the real llama-server `npm start` runs
// (real-engine-table.ts): direct, nginx and orchestratord at 1 and 8 streams.
// Every row names the engine it ran on.
// Goals (goals.ts, issues 12 and 15): TTFT overhead <= 1 ms p50 at 1 stream and <= 5 ms at 32,
// relay ratio >= 0.95, aggregate ratio >= 0.97, >= 10k admissions/s with p99 <= 10 ms;
// the run exits non-zero when one is missed or a section fails, after the summary.
// TTFT figures follow unmeasured warm-up rounds, run identically on both paths, and
// every section stops at its time bound, so a busy machine gets fewer samples, not a hung run.
// Not a timed test: numbers depend on the machine; the run prints them.
import { randomUUID } from 'node:crypto';
import { chatClient } from './chat-client.js';
import { directRunner, daemonClient, type DaemonClient } from './clients.js';
import { startNginxProxy } from './nginx-proxy.js';
import {
  startDaemon,
  startFastifyProxy,
  startPacedEngine,
  startPlainProxy,
  type Child,
} from './processes.js';
import { realEngineTable } from './real-engine-table.js';
import { createReport } from './report.js';
import { fmt } from './stats.js';
import { admissions, aggregate, relay } from './throughput.js';
import { ttft } from './ttft.js';

const TOKEN = `bench-${randomUUID()}`;
const report = createReport();

/** Replicas the probes marked Unready (an engine too busy to answer in time) must be back first. */
async function settle(client: DaemonClient, before: string): Promise<void> {
  const waited = await client.waitReady(20_000);
  if (waited > 0) report.row(`waited for Ready replicas before ${before}`, `${fmt(waited / 1000, 1)} s`);
}

/** Runs one part of the bench; a failure becomes a row, and the run goes on. */
async function attempt(name: string, run: () => Promise<void>): Promise<boolean> {
  const started = performance.now();
  try {
    await run();
    console.log(`  [${name}: ${fmt((performance.now() - started) / 1000, 1)} s]`);
    return true;
  } catch (error) {
    report.row(`${name} FAILED`, error instanceof Error ? error.message : String(error));
    return false;
  }
}

/** One section on `engine` (named in its rows), once every pool is Ready. */
function section(client: DaemonClient, name: string, engine: string, run: () => Promise<void>) {
  report.useEngine(engine);
  return attempt(name, async () => {
    await settle(client, name);
    await run();
  });
}

async function main(): Promise<void> {
  const children: Child[] = [];
  let failed = 0;
  try {
    console.log(
      'orchestratord bench: starting paced engines and the daemon (at its default log level, info)',
    );
    const engine1k = await startPacedEngine(1_000, 256);
    const engine10k = await startPacedEngine(10_000, 4);
    const engineAdmit = await startPacedEngine(1, 1);
    const proxy1k = await startPlainProxy(engine1k.endpoint);
    const fastify1k = await startFastifyProxy(engine1k.endpoint);
    children.push(engine1k, engine10k, engineAdmit, proxy1k, fastify1k);
    const nginx1k = await startNginxProxy(engine1k.endpoint);
    if ('missing' in nginx1k) report.row('nginx baseline', `not measured: ${nginx1k.missing}`);
    else children.push(nginx1k);
    const daemon = await startDaemon(
      [
        { id: 'paced-1k', endpoint: engine1k.endpoint, capacity: 1024 },
        { id: 'paced-10k', endpoint: engine10k.endpoint, capacity: 16 },
        { id: 'admit', endpoint: engineAdmit.endpoint, capacity: 100_000 },
      ],
      TOKEN,
    );
    children.push(daemon);
    const client = daemonClient(daemon.url, TOKEN, 128);
    const chat = {
      daemon: chatClient(daemon.url, TOKEN, 8),
      engine1k: chatClient(engine1k.endpoint, undefined, 8),
      engine10k: chatClient(engine10k.endpoint, undefined, 8),
      proxy1k: chatClient(proxy1k.endpoint, undefined, 8),
      fastify1k: chatClient(fastify1k.endpoint, undefined, 8),
      ...('missing' in nginx1k ? {} : { nginx1k: chatClient(nginx1k.endpoint, undefined, 8) }),
    };
    await client.waitReady(20_000); // first replica probes
    console.log(`daemon ${daemon.url}; node ${process.version}`);
    const direct1k = directRunner(engine1k.endpoint);
    const direct10k = directRunner(engine10k.endpoint);
    const twoRequests = { via: 'POST then GET stream', runner: client.runner('paced-1k') };
    const oneTrip = { via: 'one round trip', runner: client.oneTripRunner('paced-1k') };
    const results = [
      await section(client, 'TTFT, 1 stream', engine1k.label, () =>
        ttft(report, direct1k, [twoRequests, oneTrip], {
          api: '',
          streams: 1,
          rounds: 200,
          warmupRounds: 100,
          budgetMs: 45_000,
        }),
      ),
      await section(client, 'TTFT, 32 streams', engine1k.label, () =>
        ttft(report, direct1k, [twoRequests, oneTrip], {
          api: '',
          streams: 32,
          rounds: 10,
          warmupRounds: 3,
          budgetMs: 30_000,
        }),
      ),
      await section(client, 'chat TTFT, 1 stream', engine1k.label, () =>
        ttft(
          report,
          chat.engine1k.runner('paced-1k'),
          [{ via: '', runner: chat.daemon.runner('paced-1k') }],
          {
            api: 'chat ',
            streams: 1,
            rounds: 200,
            warmupRounds: 100,
            budgetMs: 45_000,
            proxies: [
              { name: 'plain Node proxy', runner: chat.proxy1k.runner('paced-1k') },
              { name: 'Fastify proxy', runner: chat.fastify1k.runner('paced-1k') },
              ...(chat.nginx1k === undefined
                ? []
                : [{ name: 'nginx', runner: chat.nginx1k.runner('paced-1k') }]),
            ],
          },
        ),
      ),
      await section(client, 'relay', engine10k.label, () =>
        relay(report, '', direct10k, client.runner('paced-10k')),
      ),
      await section(client, 'chat relay', engine10k.label, () =>
        relay(report, 'chat ', chat.engine10k.runner('paced-10k'), chat.daemon.runner('paced-10k')),
      ),
      await section(client, 'aggregate', engine1k.label, () =>
        aggregate(report, (before) => settle(client, before), direct1k, client.runner('paced-1k')),
      ),
      await section(client, 'admissions', engineAdmit.label, () => admissions(report, client)),
    ];
    failed = results.filter((ok) => !ok).length;
    await Promise.all([client.close(), ...Object.values(chat).map((c) => c.close())]);
  } finally {
    await Promise.allSettled(children.reverse().map((c) => c.stop()));
  }
  // Its own engine, proxy and daemon, started once the simulators' are gone.
  console.log('\nreal engine: the llama-server `npm start` runs (built once if not cached), nginx, a daemon');
  if (!(await attempt('real engine table', () => realEngineTable(report, TOKEN)))) failed += 1;
  report.printSummary();
  const misses = report.misses();
  if (misses.length > 0) console.error(`\ngoals missed (${misses.length}):\n  ${misses.join('\n  ')}`);
  if (failed > 0) console.error(`\n${failed} section(s) failed: see the FAILED rows`);
  if (misses.length > 0 || failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  report.printSummary();
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
