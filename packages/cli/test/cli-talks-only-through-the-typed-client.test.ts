// CLI-007, CLI-008, OC-003: the CLI is a thin client of the contracts. Its
// source imports nothing from the daemon packages, never calls fetch itself
// (every request goes through the generated openapi-fetch clients bound to
// the configured endpoint), and a run contacts only that endpoint.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const ALLOWED = new Set(['@llama-orch/contracts', 'commander', 'eventsource-parser/stream', 'yaml', 'zod']);

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]),
    ),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('typed client only', () => {
  it('imports only the contracts, its own modules, node built-ins and its parsing libraries [CLI-007, OC-003]', async () => {
    const files = await sources(SRC);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [, spec] of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
        const ok = spec!.startsWith('.') || spec!.startsWith('node:') || ALLOWED.has(spec!);
        expect(ok, `${path.relative(SRC, file)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('never calls fetch or http directly; requests go through api.data / api.control [CLI-007]', async () => {
    for (const file of await sources(SRC)) {
      const text = await readFile(file, 'utf8');
      expect(/\bfetch\(|node:https?'|XMLHttpRequest/.test(text), path.relative(SRC, file)).toBe(false);
    }
  });

  describe('against a server', () => {
    let server: FakeServer;
    beforeAll(async () => {
      server = await startFakeServer();
      server.route('GET', '/v1/replicasets', (_r, res) => json(res, 200, { replica_sets: [] }));
      server.route('GET', '/readyz', (_r, res) => json(res, 200, { ready: true, reasons: [] }));
    });
    afterAll(async () => server.close());

    it('sends every request of a run to the configured endpoint, with one correlation id [CLI-008, CLI-007]', async () => {
      const run = await runAgainst(server.url, ['status']);
      expect(run.status).toBe(0);
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /readyz',
        'GET /v1/replicasets',
      ]);
      const ids = new Set(server.requests.map((r) => r.headers['x-correlation-id']));
      expect(ids.size).toBe(1);
      expect([...ids][0]).toMatch(/^llorch-/);
    });
  });
});
