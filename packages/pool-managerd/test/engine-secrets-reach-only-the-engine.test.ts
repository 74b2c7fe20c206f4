// OC-007, CFG-017: launch.secret_env is resolved when a replica starts. The
// engine process (a real child that writes down its environment) receives each
// value under its engine name; a missing source keeps the replica out of Ready
// with a message naming the variable and the source; and no value ever shows
// up in pool-managerd's JSON log, its engine logs or its replica views, even
// when the engine itself prints it and then fails (its output is quoted in
// last_error).
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { path_of, startTestPoolManagerd, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

/** fake-llama-server that first writes its environment, as JSON, to $ENGINE_ENV_REPORT. */
const ENV_REPORTING_ENGINE = fileURLToPath(new URL('./fixtures/env-reporting-llama-server', import.meta.url));

const FROM_ENV = 'hf_fromenv_5b0e2c91d7';
const FROM_FILE = 'sk-fromfile-a83f44e210';

let dir: string;
let pm: TestPoolManagerd | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-engine-secrets-'));
});
afterEach(async () => {
  await pm?.close();
  pm = undefined;
  await rm(dir, { recursive: true, force: true });
});

const cpuPool = (launch: Record<string, unknown>) => ({
  id: 'sec',
  engine: 'llamacpp',
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 512,
  model: { ref: 'tiny', generate: { kind: 'bigram', seed: 5 } },
  launch: { binary: ENV_REPORTING_ENGINE, ...launch },
});

/** Everything pool-managerd wrote about itself: the pino log and every engine log file. */
async function everythingLogged(harness: TestPoolManagerd): Promise<string> {
  const logDir = path.join(harness.stateDir, 'logs');
  const files = await readdir(logDir).catch(() => [] as string[]);
  const engineLogs = await Promise.all(files.map((f) => readFile(path.join(logDir, f), 'utf8')));
  return [...harness.log.lines, ...engineLogs].join('\n');
}

describe('engine secrets', () => {
  it('hands the engine process the values from pool-managerd env and from a file, and logs neither [OC-007] [CFG-017]', async () => {
    const report = path.join(dir, 'engine-env.json');
    const keyFile = path.join(dir, 'service-key');
    await writeFile(keyFile, `  ${FROM_FILE}\n`);
    pm = await startTestPoolManagerd({
      env: { ...process.env, LLORCH_TEST_HF_SOURCE: FROM_ENV },
      pools: [
        cpuPool({
          env: { ENGINE_ENV_REPORT: report },
          secret_env: {
            HF_TOKEN: { env: 'LLORCH_TEST_HF_SOURCE' },
            SERVICE_API_KEY: { file: keyFile },
          },
        }),
      ],
    });
    await waitFor('sec-0 Ready', () => pm!.replica('sec-0').state === 'Ready');

    const engineEnv = JSON.parse(await readFile(report, 'utf8')) as Record<string, string>;
    expect(engineEnv['HF_TOKEN']).toBe(FROM_ENV);
    expect(engineEnv['SERVICE_API_KEY']).toBe(FROM_FILE); // trimmed
    expect(engineEnv['CUDA_VISIBLE_DEVICES']).toBe('');

    const logged = await everythingLogged(pm);
    expect(logged).toContain('sec-0'); // the capture really holds pool-managerd's output
    expect(logged).not.toContain(FROM_ENV);
    expect(logged).not.toContain(FROM_FILE);
    const views = JSON.stringify([
      (await pm.client.GET('/v1/replicas')).data,
      (await pm.client.GET('/v1/pools')).data,
    ]);
    expect(views).toContain('sec-0');
    expect(views).not.toContain(FROM_ENV);
    expect(views).not.toContain(FROM_FILE);
  });

  it('keeps the replica out of Ready, naming each variable and its missing source, and spawns nothing [OC-007] [CFG-017]', async () => {
    const report = path.join(dir, 'engine-env.json');
    const missingFile = path.join(dir, 'not-written-yet');
    const emptyFile = path.join(dir, 'empty');
    await writeFile(emptyFile, '\n');
    pm = await startTestPoolManagerd({
      env: { ...process.env, LLORCH_TEST_HF_SOURCE: FROM_ENV },
      pools: [
        cpuPool({
          env: { ENGINE_ENV_REPORT: report },
          secret_env: {
            HF_TOKEN: { env: 'LLORCH_TEST_HF_SOURCE' },
            VLLM_API_KEY: { env: 'LLORCH_TEST_UNSET_SOURCE' },
            SERVICE_API_KEY: { file: missingFile },
            OTHER_TOKEN: { file: emptyFile },
          },
        }),
      ],
    });
    await pm.daemon.manager.settled();

    const replica = pm.replica('sec-0');
    expect(replica.state).toBe('Stopped');
    expect(replica.pid).toBeNull();
    expect(path_of(pm.events, 'sec-0')).toEqual(['Stopped->Preflight', 'Preflight->Stopped']);
    expect(replica.last_error).toContain(
      "launch.secret_env.VLLM_API_KEY: env LLORCH_TEST_UNSET_SOURCE is not set in pool-managerd's environment",
    );
    expect(replica.last_error).toContain(
      `launch.secret_env.SERVICE_API_KEY: cannot read file ${missingFile} (ENOENT)`,
    );
    expect(replica.last_error).toContain(`launch.secret_env.OTHER_TOKEN: file ${emptyFile} is empty`);
    expect(replica.last_error).not.toContain('HF_TOKEN');
    await expect(readFile(report)).rejects.toMatchObject({ code: 'ENOENT' });

    const logged = await everythingLogged(pm);
    expect(logged).toContain('LLORCH_TEST_UNSET_SOURCE'); // the refusal is logged...
    expect(logged).not.toContain(FROM_ENV); // ...without the secret that did resolve
  });

  it('scrubs a value the engine prints itself from its log file, last_error and the views [OC-007] [MET-030]', async () => {
    pm = await startTestPoolManagerd({
      env: { ...process.env, LLORCH_TEST_HF_SOURCE: FROM_ENV },
      pools: [
        cpuPool({
          env: { FAKE_ENGINE_ECHO_ENV: 'HF_TOKEN', FAKE_ENGINE_FAULTS: 'oom-at-load' },
          secret_env: { HF_TOKEN: { env: 'LLORCH_TEST_HF_SOURCE' } },
        }),
      ],
    });
    const failed = await waitFor('sec-0 to fail its start', () => {
      const replica = pm!.replica('sec-0');
      return replica.last_error !== null && replica;
    });
    expect(failed.state).not.toBe('Ready');

    const logged = await everythingLogged(pm);
    expect(logged).toContain('HF_TOKEN=[redacted]'); // the engine did print it
    expect(logged).not.toContain(FROM_ENV);
    const views = JSON.stringify([
      pm.replica('sec-0'),
      (await pm.client.GET('/v1/replicas')).data,
      (await pm.client.GET('/v1/pools/{id}/health', { params: { path: { id: 'sec' } } })).data,
    ]);
    expect(views).toContain('sec-0');
    expect(views).not.toContain(FROM_ENV);
  });
});
