// ORCHD-048: building the app opens no port. A test (or an embedder) drives the
// built app with inject(), and the same app can still be put on a port of its
// choosing afterwards; route groups are plugins registered by buildApp itself.
import { afterAll, expect, it } from 'vitest';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { auth, harnessConfig, LogSink } from './support/harness.js';

let built: OrchestratordApp | undefined;
afterAll(async () => {
  await built?.app.close();
});

it('builds without listening, answers inject(), and listens only when asked [ORCHD-048]', async () => {
  built = await buildApp({
    config: harnessConfig({ pools: [{ id: 'mock', replicas: [] }] }),
    replicas: [],
    token: auth.authorization.slice(7),
    logger: createLogger({ level: 'warn', destination: new LogSink() }),
  });
  const { app } = built;
  expect(app.server.listening).toBe(false);

  const live = await app.inject({ method: 'GET', url: '/livez', headers: auth });
  expect(live.statusCode).toBe(200);
  const tasks = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: {} });
  expect(tasks.statusCode).toBe(400); // the data-plane routes are registered, and refuse an empty body
  expect(app.server.listening).toBe(false);

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  expect(app.server.listening).toBe(true);
  const overTheWire = await fetch(`${url}/livez`, { headers: auth });
  expect(overTheWire.status).toBe(200);
});
