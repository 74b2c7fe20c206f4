// Steps for features/config-validation.feature (CFG-002, CFG-003, CFG-005, CFG-006,
// CFG-013, CFG-015). Every step goes through @llama-orch/contracts' public door.
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Given, Then, When } from '@cucumber/cucumber';
import { API_TOKEN_ENV } from '@llama-orch/contracts';
import type { ConfigWorld } from './world.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

Given('the config file {string}:', async function (this: ConfigWorld, name: string, text: string) {
  await this.writeFile(name, text);
});

Given(
  'a token file {string} containing {string}',
  async function (this: ConfigWorld, name: string, token: string) {
    // Owner-only, as OPERATIONS.md tells an operator: the daemons refuse a token file others can read.
    await chmod(await this.writeFile(name, `${token}\n`), 0o600);
  },
);

Given('the environment sets the API token to {string}', function (this: ConfigWorld, token: string) {
  this.env[API_TOKEN_ENV] = token;
});

Given('the environment has no API token', function (this: ConfigWorld) {
  delete this.env[API_TOKEN_ENV];
});

When('I load {string}', async function (this: ConfigWorld, name: string) {
  await this.load(join(this.dir, name));
});

When('I load the example {string}', async function (this: ConfigWorld, name: string) {
  await this.load(join(repoRoot, 'examples', name));
});

When('I resolve the API token', async function (this: ConfigWorld) {
  await this.resolveToken();
});

Then('the config loads', function (this: ConfigWorld) {
  assert.equal(this.error, undefined, this.error?.message);
  assert.ok(this.config);
});

Then('the server listens on {string}', function (this: ConfigWorld, address: string) {
  assert.equal(`${this.config?.server.bind}:${this.config?.server.port}`, address);
});

Then(
  'pool {string} runs {int} replica(s) on devices {string}',
  function (this: ConfigWorld, id: string, replicas: number, devices: string) {
    const pool = this.config?.pools.find((p) => p.id === id);
    assert.ok(pool, `no pool ${id}`);
    assert.equal(pool.replicas, replicas);
    assert.equal(String(pool.devices), devices);
  },
);

Then('loading fails at {string} with {string}', function (this: ConfigWorld, path: string, message: string) {
  assert.ok(this.error, 'expected the config to be rejected');
  const issue = this.error.issues.find((i) => i.path === path);
  assert.ok(issue, `no issue at ${path}; got:\n${this.error.message}`);
  assert.ok(issue.message.includes(message), `issue says "${issue.message}"`);
});

Then(
  'the issue at {string} expects {string} and got {string}',
  function (this: ConfigWorld, path: string, expected: string, received: string) {
    const issue = this.error?.issues.find((i) => i.path === path);
    assert.ok(issue, `no issue at ${path}`);
    assert.equal(issue.expected, expected);
    assert.equal(issue.received, received);
  },
);

Then('loading fails saying {string}', function (this: ConfigWorld, text: string) {
  assert.ok(this.error, 'expected the config to be rejected');
  assert.ok(this.error.message.includes(text), this.error.message);
});

Then(
  'the error points at line {int}, column {int}',
  function (this: ConfigWorld, line: number, column: number) {
    assert.ok(this.error, 'expected the config to be rejected');
    assert.ok(this.error.message.includes(`:${line}:${column}: `), this.error.message);
  },
);

Then('the error message does not contain {string}', function (this: ConfigWorld, text: string) {
  assert.ok(this.error, 'expected the config to be rejected');
  assert.ok(!this.error.message.includes(text), 'the error message repeats a configured value');
});

Then('no API token is available', function (this: ConfigWorld) {
  assert.equal(this.token, null);
});

Then(
  'the API token is {string} from the {word}',
  function (this: ConfigWorld, token: string, source: string) {
    assert.deepEqual(this.token, { token, source });
  },
);

Then('every pool is a labelled CPU fallback', function (this: ConfigWorld) {
  assert.ok(this.config);
  for (const pool of this.config.pools) {
    assert.equal(pool.devices, 'cpu');
    assert.equal(pool.allow_cpu_fallback, true);
  }
});
