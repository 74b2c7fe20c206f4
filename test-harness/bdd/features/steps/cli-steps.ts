// Steps for features/cli-journeys.feature (CLI-003, CLI-004, CLI-005, CLI-013,
// CLI-014, CLI-016, CLI-017): they run the `llorch` binary itself
// (packages/cli/bin/llorch.js) as a separate process against the daemon of
// cli-daemon.ts, send it real signals, and check what it printed and what the
// server recorded. One daemon serves every CLI scenario of a run.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { After, AfterAll, Given, Then, When } from '@cucumber/cucumber';
import { REPO, startCliDaemon, type CliDaemon } from './cli-daemon.js';

const BIN = path.join(REPO, 'packages/cli/bin/llorch.js');

let daemon: Promise<CliDaemon> | undefined;

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

/** Per scenario: the llorch process of this scenario (worlds are shared with other features). */
const runs = new WeakMap<object, Run>();

/** `submit "the quick"` → ['submit', 'the quick']: double quotes group words, as in a shell. */
function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

async function startLlorch(world: object, line: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const d = await (daemon ?? Promise.reject(new Error('start the daemon first')));
  const base = { ...process.env };
  delete base['LLORCH_API_TOKEN'];
  delete base['LLORCH_CONFIG'];
  // cucumber runs under NODE_OPTIONS=--import tsx, which would not resolve from the scenario's directory.
  delete base['NODE_OPTIONS'];
  // Like a new user in a checkout: only the address is set; the token is found in ./.llorch.
  const child = spawn(process.execPath, [BIN, ...splitArgs(line)], {
    cwd: d.home,
    env: { ...base, XDG_CONFIG_HOME: d.home, LLORCH_ADDR: d.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (run.stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (run.stderr += c));
  runs.set(world, run);
  return run;
}

function current(world: object): Run {
  const run = runs.get(world);
  assert.ok(run, 'no llorch process was started in this scenario');
  return run;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Given('orchestratord is running with a real llama-server', { timeout: 600_000 }, async function () {
  daemon ??= startCliDaemon();
  await daemon;
});

When('I run `llorch {}`', { timeout: 60_000 }, async function (this: object, line: string) {
  await (
    await startLlorch(this, line)
  ).exited;
});

When(
  'I run `llorch {}` with the token {string}',
  { timeout: 60_000 },
  async function (this: object, line: string, token: string) {
    await (
      await startLlorch(this, line, { LLORCH_API_TOKEN: token })
    ).exited;
  },
);

When('I start `llorch {}`', async function (this: object, line: string) {
  await startLlorch(this, line);
});

When('llorch has printed at least {int} tokens', async function (this: object, count: number) {
  const run = current(this);
  // The slow pool's engine emits one word per token, each with a leading space.
  await until(
    () => run.stdout.split(' ').length > count,
    `${count} tokens on stdout (got ${JSON.stringify(run.stdout)})`,
  );
});

When('I press Ctrl-C', function (this: object) {
  current(this).child.kill('SIGINT');
});

Then('llorch exits with status {int}', { timeout: 30_000 }, async function (this: object, status: number) {
  const run = current(this);
  const code = await run.exited;
  assert.equal(code, status, `llorch exited ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
});

Then('stdout is exactly {string}', function (this: object, text: string) {
  assert.equal(current(this).stdout, text);
});

Then('stdout mentions {string}', function (this: object, text: string) {
  assert.ok(
    current(this).stdout.includes(text),
    `stdout lacks ${JSON.stringify(text)}:\n${current(this).stdout}`,
  );
});

Then('stderr mentions {string}', function (this: object, text: string) {
  assert.ok(
    current(this).stderr.includes(text),
    `stderr lacks ${JSON.stringify(text)}:\n${current(this).stderr}`,
  );
});

Then('the server counts the task as canceled by the client', async function (this: object) {
  const d = await (daemon ?? Promise.reject(new Error('no daemon')));
  const task = /task ([0-9a-f-]{36})/.exec(current(this).stderr)?.[1];
  assert.ok(task, 'llorch did not name its task');
  const response = await fetch(`${d.url}/metrics`, {
    headers: { authorization: `Bearer ${await d.token()}` },
  });
  const canceled = (await response.text())
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('tasks_canceled_total{') &&
        line.includes('reason="client"') &&
        line.includes('pool_id="slow"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  assert.ok(canceled >= 1, `tasks_canceled_total{reason="client",pool_id="slow"} is ${canceled}`);
});

After(async function (this: object) {
  const run = runs.get(this);
  if (run !== undefined && run.child.exitCode === null && run.child.signalCode === null)
    run.child.kill('SIGKILL');
});

AfterAll({ timeout: 60_000 }, async function () {
  if (daemon !== undefined) await (await daemon.catch(() => undefined))?.stop();
});
