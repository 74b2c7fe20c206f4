// CLI-019: consumer pacts. Each test runs the real `llorch` command (in
// process) against Pact's mock server, so the pact records exactly the
// requests the CLI sends and the parts of each response it relies on. One file
// owns the one pact (contracts/pacts/llorch-cli-orchestratord.json), which the
// provider suite then replays against the real orchestratord.
import { rm } from 'node:fs/promises';
import { PactV4 } from '@pact-foundation/pact';
import { beforeAll, describe } from 'vitest';
import { catalogAndArtifactInteractions } from './consumer-catalog-artifact-interactions.js';
import { chatInteractions } from './consumer-chat-interactions.js';
import { poolAndDiscoveryInteractions } from './consumer-pool-discovery-interactions.js';
import { taskInteractions } from './consumer-task-interactions.js';
import { CONSUMER, PACT_DIR, PACT_FILE, PROVIDER } from './pact-shared.js';

const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACT_DIR, logLevel: 'warn' });

beforeAll(async () => {
  // The pact is regenerated from scratch on each run, so removed interactions do not linger.
  await rm(PACT_FILE, { force: true });
});

describe('llorch consumer pact with orchestratord', () => {
  describe('data plane', () => taskInteractions(pact));
  describe('catalog and artifacts', () => catalogAndArtifactInteractions(pact));
  describe('pools and discovery', () => poolAndDiscoveryInteractions(pact));
  describe('chat over the OpenAI-compatible routes', () => chatInteractions(pact));
});
