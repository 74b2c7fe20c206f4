// Content-addressed artifacts: canonical ids, idempotent storage, lineage,
// safe ids and the size limit, through buildApp + inject on a real directory.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { auth, harnessConfig, LogSink } from './support/harness.js';

const apps: OrchestratordApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.app.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(maxBytes = 64 * 1024) {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-artifacts-'));
  dirs.push(dir);
  const base = harnessConfig({ pools: [{ id: 'mock', replicas: [] }] });
  const config = {
    ...base,
    server: { ...base.server, state_dir: dir },
    catalog: { ...base.catalog, dir: join(dir, 'catalog') },
    artifacts: { dir: join(dir, 'artifacts'), max_bytes: maxBytes },
  };
  const app = await buildApp({
    config,
    replicas: [],
    token: auth.authorization.slice(7),
    logger: createLogger({ level: 'info', destination: new LogSink() }),
  });
  apps.push(app);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object | string) => {
    const headers = typeof payload === 'string' ? { ...auth, 'content-type': 'application/json' } : auth;
    const res = await app.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  return { inject, dir: join(dir, 'artifacts') };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('artifacts', () => {
  it('answers 201 with the sha256 of the canonical document and the stored fields [ORCHD-036]', async () => {
    const { inject } = await open();
    const res = await inject('POST', '/v1/artifacts', {
      kind: 'plan',
      content: 'héllo\n',
      metadata: { b: 1, a: [true, null] },
    });
    expect(res.status).toBe(201);
    // Keys sorted, no whitespace, defaults applied (tags [], parent null) before hashing.
    const canonical =
      '{"content":"héllo\\n","kind":"plan","metadata":{"a":[true,null],"b":1},"parent":null,"tags":[]}';
    expect(res.body).toMatchObject({
      id: sha256(canonical),
      kind: 'plan',
      tags: [],
      parent: null,
      size_bytes: 7,
    });
    expect(typeof res.body.created_at_ms).toBe('number');
  });

  it('gives the same document the same id whatever the key order, and keeps the first creation time [ORCHD-036]', async () => {
    const { inject, dir } = await open();
    const first = await inject('POST', '/v1/artifacts', {
      kind: 'diff',
      content: 'x',
      tags: [],
      metadata: { a: 1, b: { d: 2, c: 3 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const raw = '{ "metadata": {"b": {"c": 3, "d": 2}, "a": 1}, "content": "x", "kind": "diff" }';
    const second = await inject('POST', '/v1/artifacts', raw);
    expect(second).toEqual({ status: 201, body: first.body });
    const other = await inject('POST', '/v1/artifacts', {
      kind: 'diff',
      content: 'x',
      tags: ['t'],
      metadata: { a: 1, b: { d: 2, c: 3 } },
    });
    expect(other.body.id).not.toBe(first.body.id);
    const shards = await readdir(dir);
    expect(shards.sort()).toEqual(
      [...new Set([String(first.body.id).slice(0, 2), String(other.body.id).slice(0, 2)])].sort(),
    );
  });

  it('returns a stored artifact unchanged, and 404 for unknown or malformed ids without touching other paths [ORCHD-037]', async () => {
    const { inject } = await open();
    const stored = await inject('POST', '/v1/artifacts', {
      kind: 'summary',
      content: 'done',
      tags: ['agent-1'],
    });
    expect(await inject('GET', `/v1/artifacts/${String(stored.body.id)}`)).toEqual({
      status: 200,
      body: stored.body,
    });
    expect((await inject('GET', `/v1/artifacts/${'0'.repeat(64)}`)).status).toBe(404);
    // "%2e%2e" is a dot segment to URL parsers: it never reaches the route at all.
    expect((await inject('GET', '/v1/artifacts/%2e%2e')).status).toBe(404);
    for (const id of ['..%2F..%2Fcatalog', 'ABC', `${'0'.repeat(64)}.json`]) {
      const res = await inject('GET', `/v1/artifacts/${id}`);
      expect(res.status, id).toBe(404);
      expect(String(res.body.message)).toContain('64 lower-case hex digits');
    }
  });

  it('records parent lineage and refuses a parent that is not stored [ORCHD-036]', async () => {
    const { inject } = await open();
    const parent = await inject('POST', '/v1/artifacts', { kind: 'plan', content: 'step 1' });
    const child = await inject('POST', '/v1/artifacts', {
      kind: 'diff',
      content: '+1',
      parent: parent.body.id,
    });
    expect(child).toMatchObject({ status: 201, body: { parent: parent.body.id } });
    const orphan = await inject('POST', '/v1/artifacts', {
      kind: 'diff',
      content: '+1',
      parent: 'e'.repeat(64),
    });
    expect(orphan.status).toBe(400);
    expect(String(orphan.body.message)).toContain('store the parent first');
    expect(
      (await inject('POST', '/v1/artifacts', { kind: 'diff', content: '+1', parent: '../x' })).status,
    ).toBe(400);
  });

  it('refuses bodies that are not an ArtifactInput, naming the field [ORCHD-036]', async () => {
    const { inject } = await open();
    const cases: [object, string][] = [
      [{ kind: 'poem', content: 'x' }, 'body.kind'],
      [{ kind: 'plan' }, 'body.content'],
      [{ kind: 'plan', content: 'x', owner: 'me' }, 'body.owner'],
      [{ kind: 'plan', content: 'x', metadata: [] }, 'body.metadata'],
      [{ kind: 'plan', content: 'x', tags: [1] }, 'body.tags'],
    ];
    for (const [body, field] of cases) {
      const res = await inject('POST', '/v1/artifacts', body);
      expect(res.status, field).toBe(400);
      expect(String(res.body.message)).toContain(field);
    }
  });

  it('refuses an artifact over artifacts.max_bytes with 413 before anything is written [ORCHD-038]', async () => {
    const { inject, dir } = await open(1024);
    const over = await inject('POST', '/v1/artifacts', { kind: 'trace', content: 'x'.repeat(1024) });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
    expect(String(over.body.message)).toContain('over the 1024-byte limit');
    // Far past the transport limit too: the same typed answer, not a generic one.
    const huge = await inject('POST', '/v1/artifacts', {
      kind: 'trace',
      content: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(String(huge.body.message)).toContain('artifacts.max_bytes');
    expect(await readdir(dir)).toEqual([]);
    expect((await inject('POST', '/v1/artifacts', { kind: 'trace', content: 'x'.repeat(900) })).status).toBe(
      201,
    );
  });
});
