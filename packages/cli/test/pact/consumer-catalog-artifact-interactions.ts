// CLI-019: the catalog and artifact interactions of `llorch`, registered as
// tests on the suite's one pact.
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { AUTH, JSON_BODY, CORRELATED, SHA, OUTCOME_SUCCESS, cli, catalogModel } from './consumer-kit.js';
import { PLAN_CONTENT, SHA256, STATES } from './pact-shared.js';

const { eachLike, fromProviderState, integer, like, regex } = MatchersV3;

export function catalogAndArtifactInteractions(pact: PactV4): void {
  it('catalog add: the registered entry [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.modelAbsent)
      .uponReceiving('a model registration')
      .withRequest('POST', '/v1/catalog/models', (b) =>
        b.headers({ ...AUTH, ...JSON_BODY }).jsonBody({
          id: 'pact-new-model',
          digest: SHA(),
          source_url: like('https://example.org/models/pact-new-model.gguf'),
          tags: ['pact'],
          trust_policy: 'permissive',
        }),
      )
      .willRespondWith(OUTCOME_SUCCESS, (b) =>
        b.headers(CORRELATED).jsonBody(catalogModel('pact-new-model', 'Draft')),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, [
          'catalog',
          'add',
          'pact-new-model',
          '--digest',
          SHA256,
          '--source-url',
          'https://example.org/models/pact-new-model.gguf',
          '--tag',
          'pact',
          '--trust-policy',
          'permissive',
        ]);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('registered pact-new-model');
      });
  });

  it('catalog get: state and last verification [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.modelRegistered, { id: 'pact-model' })
      .uponReceiving('a request for a catalog entry')
      .withRequest('GET', '/v1/catalog/models/pact-model', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(CORRELATED).jsonBody(catalogModel('pact-model', 'Draft')))
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['catalog', 'get', 'pact-model']);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('verification: never verified');
      });
  });

  it('catalog verify: the verdict with warnings and failures [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.modelRegistered, { id: 'pact-verify-model' })
      .uponReceiving('a verification of a registered model')
      .withRequest('POST', '/v1/catalog/models/pact-verify-model/verify', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          model_id: 'pact-verify-model',
          result: regex('^(pass|warn|fail)$', 'warn'),
          trust_policy: 'permissive',
          warnings: eachLike('no signature', 0),
          failures: eachLike('digest mismatch', 0),
          checked_at_ms: integer(1_764_000_005_000),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['catalog', 'verify', 'pact-verify-model']);
        expect(run.stdout).toContain('result:       warn');
        expect(run.status).toBe(0);
      });
  });

  it('catalog state: the entry in its new state [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.modelRegistered, { id: 'pact-state-model' })
      .uponReceiving('a move of a model to Active')
      .withRequest('POST', '/v1/catalog/models/pact-state-model/state', (b) =>
        b.headers({ ...AUTH, ...JSON_BODY }).jsonBody({ state: 'Active', reason: like('pact') }),
      )
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({ ...catalogModel('pact-state-model', 'Active'), state: 'Active' }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, [
          'catalog',
          'state',
          'pact-state-model',
          'Active',
          '--reason',
          'pact',
        ]);
        expect(run).toMatchObject({ status: 0 });
        expect(run.stdout).toContain('model pact-state-model is now Active');
      });
  });

  it('artifacts put: 201 with the content-addressed id [CLI-019]', async () => {
    await pact
      .addInteraction()
      .uponReceiving('an artifact upload')
      .withRequest('POST', '/v1/artifacts', (b) =>
        b
          .headers({ ...AUTH, ...JSON_BODY })
          .jsonBody({ kind: 'plan', content: PLAN_CONTENT, tags: ['pact'] }),
      )
      .willRespondWith(201, (b) =>
        b.headers(CORRELATED).jsonBody({
          id: SHA(),
          kind: 'plan',
          content: PLAN_CONTENT,
          tags: ['pact'],
          parent: null,
          metadata: {},
          size_bytes: integer(43),
          created_at_ms: integer(1_764_000_010_000),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(
          mock.url,
          ['artifacts', 'put', '--kind', 'plan', '--tag', 'pact'],
          PLAN_CONTENT,
        );
        expect(run).toMatchObject({ status: 0, stdout: `${SHA256}\n` });
      });
  });

  it('artifacts get: the stored document unchanged [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.artifactStored)
      .uponReceiving('a request for a stored artifact')
      .withRequest('GET', fromProviderState('/v1/artifacts/${artifactId}', `/v1/artifacts/${SHA256}`), (b) =>
        b.headers(AUTH),
      )
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          id: SHA(),
          kind: 'plan',
          content: PLAN_CONTENT,
          tags: ['pact'],
          parent: null,
          metadata: like({}),
          size_bytes: integer(43),
          created_at_ms: integer(1_764_000_010_000),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['artifacts', 'get', SHA256, '--content']);
        expect(run).toMatchObject({ status: 0, stdout: PLAN_CONTENT });
      });
  });
}
