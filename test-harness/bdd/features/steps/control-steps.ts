// Steps for features/control-*.feature (ORCHD-002, ORCHD-031..ORCHD-041,
// OC-017, HOME-018): catalog, artifacts and discovery journeys against the
// real daemon of control-world.ts, over HTTP only.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  api,
  controlPlane,
  eventually,
  POOLS,
  replaceEngine,
  repoRoot,
  restartDaemon,
  TOKEN,
  type PoolName,
} from './control-world.js';

interface Journey {
  file?: { name: string; digest: string; size: number };
  answer?: { status: number; body: Record<string, unknown> };
  artifacts: Record<string, unknown>[];
}

const journeys = new WeakMap<object, Journey>();
const journey = (world: object): Journey => {
  let state = journeys.get(world);
  if (state === undefined) journeys.set(world, (state = { artifacts: [] }));
  return state;
};
const SLOW = { timeout: 60_000 };

const task = (model: string) => ({
  task_id: randomUUID(),
  session_id: randomUUID(),
  workload: 'completion',
  model_ref: model,
  engine: 'llamacpp',
  ctx: 512,
  priority: 'interactive',
  seed: 7,
  prompt: 'the',
  max_tokens: 4,
  deadline_ms: 30_000,
});

// ---- catalog ----

Given(
  "the model file {string} is in the daemon's models folder",
  SLOW,
  async function (this: object, name: string) {
    const { stateDir } = await controlPlane();
    const bytes = randomBytes(200_000);
    await writeFile(join(stateDir, 'models', name), bytes);
    journey(this).file = {
      name,
      digest: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    };
  },
);

When(
  'I register model {string} for that file under the {string} trust policy',
  SLOW,
  async function (this: object, id: string, trustPolicy: string) {
    const file = journey(this).file;
    assert.ok(file, 'no model file was written');
    journey(this).answer = await api('POST', '/v1/catalog/models', {
      id,
      digest: file.digest,
      source_url: `file:///models/${file.name}`,
      manifests: [{ path: file.name, digest: file.digest, size_bytes: file.size }],
      trust_policy: trustPolicy,
    });
  },
);

Then(
  'the catalog answers {int} with model {string} in state {string}',
  function (this: object, status: number, id: string, state: string) {
    const { answer } = journey(this);
    assert.equal(answer?.status, status, JSON.stringify(answer?.body));
    assert.equal(answer?.body.id, id);
    assert.equal(answer?.body.state, state);
  },
);

When('I verify model {string}', SLOW, async function (this: object, id: string) {
  journey(this).answer = await api('POST', `/v1/catalog/models/${id}/verify`);
});

Then(
  'the verification result is {string} with the warnings {string} and {string}',
  function (this: object, result: string, first: string, second: string) {
    const body = journey(this).answer?.body;
    assert.equal(body?.result, result, JSON.stringify(body));
    assert.deepEqual(body?.warnings, [first, second]);
    assert.deepEqual(body?.failures, []);
  },
);

Then(
  'the verification result is {string} with code {string}',
  function (this: object, result: string, code: string) {
    const body = journey(this).answer?.body;
    assert.equal(body?.result, result, JSON.stringify(body));
    assert.equal(body?.code, code);
  },
);

When('I move model {string} to {string}', SLOW, async function (this: object, id: string, state: string) {
  const answer = await api('POST', `/v1/catalog/models/${id}/state`, { state, reason: 'bdd journey' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
});

Then(
  'moving model {string} to {string} is refused with {int} {string}',
  SLOW,
  async function (id: string, state: string, status: number, code: string) {
    const answer = await api('POST', `/v1/catalog/models/${id}/state`, { state });
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.code, code);
  },
);

Then('a completion task for model {string} is admitted', SLOW, async function (model: string) {
  const answer = await api('POST', '/v1/tasks', task(model));
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
});

Then(
  'a completion task for model {string} is refused with {int} {string}',
  SLOW,
  async function (model: string, status: number, code: string) {
    const answer = await api('POST', '/v1/tasks', task(model));
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.code, code);
  },
);

When('the daemon restarts', SLOW, async function () {
  await restartDaemon();
});

Then(
  'model {string} is still {string} with its last verification {string}',
  SLOW,
  async function (id: string, state: string, result: string) {
    const answer = await api('GET', `/v1/catalog/models/${id}`);
    assert.equal(answer.body.state, state, JSON.stringify(answer.body));
    assert.equal((answer.body.last_verification as { result?: string } | null)?.result, result);
  },
);

// ---- artifacts ----

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

When(
  'I upload a {string} artifact with content {string} and tags {string}',
  SLOW,
  async function (this: object, kind: string, content: string, tags: string) {
    const body = {
      kind,
      content: content.replaceAll('\\n', '\n'),
      tags: tags.split(',').map((t) => t.trim()),
    };
    journey(this).answer = await api('POST', '/v1/artifacts', body);
    journey(this).artifacts.push(journey(this).answer?.body ?? {});
  },
);

Then('the answer is 201 with an id that is the sha256 of the canonical document', function (this: object) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 201, JSON.stringify(answer?.body));
  const { kind, content, tags, parent, metadata } = answer?.body ?? {};
  const expected = createHash('sha256')
    .update(canonical({ kind, content, tags, parent, metadata }))
    .digest('hex');
  assert.equal(answer?.body.id, expected);
});

When('I upload the same artifact again', SLOW, async function (this: object) {
  const first = journey(this).artifacts[0] ?? {};
  journey(this).answer = await api('POST', '/v1/artifacts', {
    kind: first.kind,
    content: first.content,
    tags: first.tags,
  });
});

Then('I get the same id and creation time', function (this: object) {
  const first = journey(this).artifacts[0];
  assert.equal(journey(this).answer?.body.id, first?.id);
  assert.equal(journey(this).answer?.body.created_at_ms, first?.created_at_ms);
});

When('I upload a {string} artifact derived from it', SLOW, async function (this: object, kind: string) {
  const parent = journey(this).artifacts[0]?.id;
  journey(this).answer = await api('POST', '/v1/artifacts', {
    kind,
    content: '+ drain step',
    parent,
    metadata: { from: 'bdd' },
  });
  assert.equal(journey(this).answer?.status, 201, JSON.stringify(journey(this).answer?.body));
  journey(this).artifacts.push(journey(this).answer?.body ?? {});
});

Then("its parent is the first artifact's id", function (this: object) {
  assert.equal(journey(this).answer?.body.parent, journey(this).artifacts[0]?.id);
});

Then('fetching each artifact by its id returns it unchanged', SLOW, async function (this: object) {
  for (const stored of journey(this).artifacts) {
    const answer = await api('GET', `/v1/artifacts/${String(stored.id)}`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, stored);
  }
});

When(
  'I upload a {string} artifact of {int} bytes',
  SLOW,
  async function (this: object, kind: string, bytes: number) {
    journey(this).answer = await api('POST', '/v1/artifacts', { kind, content: 'x'.repeat(bytes) });
  },
);

Then(
  'the artifact is refused with {int} and code {string}',
  function (this: object, status: number, code: string) {
    const { answer } = journey(this);
    assert.equal(answer?.status, status, JSON.stringify(answer?.body));
    assert.equal(answer?.body.code, code);
  },
);

// ---- discovery ----

Then('the capabilities report the api_version of the control contract', SLOW, async function () {
  const yaml = await readFile(join(repoRoot, 'contracts/openapi/control.yaml'), 'utf8');
  const version = /^info:\n(?:[ \t].*\n)*?[ \t]+version:[ \t]*['"]?([^'"\s]+)/m.exec(yaml)?.[1];
  assert.ok(version, 'control.yaml has no info.version');
  assert.equal((await api('GET', '/v1/capabilities')).body.api_version, version);
});

interface EngineCapability {
  engine: string;
  engine_version: string;
  concurrency: number;
  models: { model_ref: string; pool_ids: string[] }[];
}

Then(
  /^llamacpp "([^"]+)" declares (\d+) slots? served by pools? "([^"]+)"$/,
  SLOW,
  async function (version: string, slots: string, pools: string) {
    const wanted = pools
      .split(',')
      .map((p) => p.trim())
      .sort();
    await eventually(async () => {
      const engines = (await api('GET', '/v1/capabilities')).body.engines as EngineCapability[];
      const entry = engines.find((e) => e.engine === 'llamacpp' && e.engine_version === version);
      assert.ok(entry, `no llamacpp ${version} in ${JSON.stringify(engines)}`);
      assert.equal(entry.concurrency, Number(slots));
      assert.deepEqual(entry.models.flatMap((m) => m.pool_ids).sort(), wanted);
    });
  },
);

When('pool {string} is drained', SLOW, async function (this: object, pool: string) {
  const answer = await api('POST', `/v1/pools/${pool}/drain`, { deadline_ms: 1_000 });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
});

When(
  'the engine of pool {string} is upgraded to llamacpp {string} and the pool is reloaded',
  SLOW,
  async function (this: object, pool: string, version: string) {
    await replaceEngine(pool as PoolName, version);
    journey(this).answer = await api('POST', `/v1/pools/${pool}/reload`, {
      new_model_ref: POOLS[pool as PoolName].model,
    });
  },
);

Then('the reload outcome is {string}', function (this: object, outcome: string) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 200, JSON.stringify(answer?.body));
  assert.equal(answer?.body.outcome, outcome, JSON.stringify(answer?.body));
});

When(
  '{int} completion tasks for pool {string} have finished',
  SLOW,
  async function (count: number, pool: string) {
    const model = POOLS[pool as PoolName].model;
    for (let i = 0; i < count; i += 1) {
      const body = task(model);
      const admitted = await api('POST', '/v1/tasks', body);
      assert.equal(admitted.status, 202, JSON.stringify(admitted.body));
      const { daemon } = await controlPlane();
      const res = await fetch(`${daemon.url}/v1/tasks/${body.task_id}/stream`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.match(await res.text(), /event: end/);
    }
  },
);

Then(
  'the replica set of pool {string} reports {int} of {int} slots free, an idle queue and latency percentiles',
  SLOW,
  async function (pool: string, free: number, total: number) {
    await eventually(async () => {
      const sets = (await api('GET', '/v1/replicasets')).body.replica_sets as Record<string, unknown>[];
      const set = sets.find((s) => s.pool_id === pool);
      assert.ok(set, `no replica set for ${pool}`);
      assert.equal(set.slots_total, total);
      assert.equal(set.slots_free, free);
      assert.equal(set.queue_depth, 0);
      assert.equal(set.cpu_fallback, true);
      const slo = set.slo as Record<string, number | null>;
      for (const key of ['first_token_ms_p50', 'first_token_ms_p99', 'decode_ms_p50', 'decode_ms_p99']) {
        assert.equal(typeof slo[key], 'number', `${key} in ${JSON.stringify(slo)}`);
      }
    });
  },
);
