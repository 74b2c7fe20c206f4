// ORCHD-084: the table of routes a client's key may use names routes the daemon really has, so a
// renamed route cannot silently become owner-only for every agent. The pool routes exist only over
// pool-managerd; agent-clients-each-have-a-key.test.ts reaches `GET /v1/pools/{id}/health` with a
// client's key on the product.
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLIENT_ROUTES } from '../src/clients/route-access.js';
import { buildTestApp } from './support/harness.js';

let built: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  built = await buildTestApp({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] });
});
afterAll(async () => built?.app.close());

it('every route a client may use is one buildApp registers [ORCHD-084]', () => {
  const missing = [...CLIENT_ROUTES]
    .filter((key) => !key.startsWith('GET /v1/pools/'))
    .filter((key) => {
      const [method, url] = key.split(' ') as [string, string];
      return !built.app.hasRoute({ method: method as 'GET' | 'POST' | 'DELETE', url });
    });
  expect(missing).toEqual([]);
});
