// CLI-019: the pool and discovery interactions of `llorch` (health, drain,
// reload, capabilities, replica sets), registered as tests on the suite's one pact.
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { AUTH, JSON_BODY, CORRELATED, cli } from './consumer-kit.js';
import { POOLS, STATES } from './pact-shared.js';

const { boolean, eachLike, integer, like, regex } = MatchersV3;

export function poolAndDiscoveryInteractions(pact: PactV4): void {
  it('pools health: live, ready, draining, last error, load figures and per-replica supervision [CLI-019, CLI-003]', async () => {
    await pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a health request for a Ready pool')
      .withRequest('GET', `/v1/pools/${POOLS.served}/health`, (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          pool_id: POOLS.served,
          live: true,
          ready: true,
          draining: false,
          last_error: null,
          metrics: {
            queue_depth: integer(0),
            replicas_ready: integer(1),
            replicas_total: integer(1),
            replicas_circuit_open: integer(0),
            slots_free: integer(1),
            slots_total: integer(1),
          },
          // Per replica, the supervisor's figures; a Ready replica has no retry due and a closed breaker.
          replicas: eachLike({
            id: like(`${POOLS.served}-0`),
            state: 'Ready',
            restarts: integer(0),
            retry_in_ms: null,
            breaker: 'closed',
            last_error: null,
            pid: integer(4242),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['pools', 'health', POOLS.served]);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('ready:       yes');
        expect(run.stdout).toMatch(new RegExp(`^${POOLS.served}-0 +Ready +0 +- +closed +4242 +-$`, 'm'));
      });
  });

  it('pools drain: 202 with the deadline [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.drainReady)
      .uponReceiving('a drain of a Ready pool')
      .withRequest('POST', `/v1/pools/${POOLS.drain}/drain`, (b) =>
        b.headers({ ...AUTH, ...JSON_BODY }).jsonBody({ deadline_ms: integer(1000) }),
      )
      .willRespondWith(202, (b) =>
        b.headers(CORRELATED).jsonBody({ pool_id: POOLS.drain, draining: true, deadline_ms: integer(1000) }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['pools', 'drain', POOLS.drain, '--deadline', '1000']);
        expect(run).toMatchObject({ status: 0 });
        expect(run.stdout).toContain(`draining pool ${POOLS.drain}`);
      });
  });

  it('pools reload: the outcome of the atomic swap [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.reloadReady)
      .uponReceiving('a reload of a pool onto the model another pool serves')
      .withRequest('POST', `/v1/pools/${POOLS.reload}/reload`, (b) =>
        b.headers({ ...AUTH, ...JSON_BODY }).jsonBody({ new_model_ref: 'tiny-bigram' }),
      )
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          pool_id: POOLS.reload,
          outcome: regex('^(swapped|rolled_back)$', 'swapped'),
          model_ref: like('tiny-bigram'),
          previous_model_ref: like('tiny-random'),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['pools', 'reload', POOLS.reload, 'tiny-bigram']);
        expect(run).toMatchObject({
          status: 0,
          stdout: `pool ${POOLS.reload} now serves tiny-bigram (was tiny-random)\n`,
        });
      });
  });

  it('capabilities: per engine the version, ctx_max, concurrency and models [CLI-019, CLI-020]', async () => {
    await pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a capabilities request')
      .withRequest('GET', '/v1/capabilities', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          api_version: '1.0.0',
          engines: eachLike({
            engine: regex('^(llamacpp|vllm|tgi|triton)$', 'llamacpp'),
            engine_version: like('b4000'),
            ctx_max: integer(512),
            supported_workloads: eachLike('completion'),
            concurrency: integer(1),
            rate_limits: like({ requests_per_minute: null, tokens_per_minute: null }),
            features: eachLike('cancel', 0),
            models: eachLike({ model_ref: like(POOLS.served), pool_ids: eachLike(POOLS.served) }),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['caps']);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/llamacpp\s+b4000\s+512\s+1/);
      });
  });

  it('replicasets: slots, load, policy, devices and SLOs [CLI-019, CLI-003]', async () => {
    const ms = (v: number) => MatchersV3.number(v);
    await pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a replica-set listing')
      .withRequest('GET', '/v1/replicasets', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          replica_sets: eachLike({
            id: like(POOLS.served),
            pool_id: like(POOLS.served),
            engine: regex('^(llamacpp|vllm|tgi|triton)$', 'llamacpp'),
            model_ref: like(POOLS.served),
            // engine_version is left out: it is null until a replica reports it, and the CLI shows either.
            sampler_profile_version: like('v1'),
            devices: eachLike(0, 0),
            cpu_fallback: boolean(true),
            queue_policy: regex('^(reject|drop-lru)$', 'reject'),
            replicas_total: integer(1),
            replicas_ready: integer(1),
            slots_total: integer(1),
            slots_free: integer(1),
            load: ms(0),
            queue_depth: integer(0),
            // Latency percentiles are null until there are samples; the CLI prints '-' for those.
            slo: like({}),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['replicasets']);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('cpu (fallback)');
      });
  });
}
