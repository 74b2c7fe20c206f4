// CLI-019, stage 2: provider verification. The pact the consumer suite wrote
// is replayed against the real orchestratord process (see provider-daemon.ts);
// states are set up through its public API. The only rewrite is the token:
// the pact carries a placeholder, the verifier sends the daemon's real one.
import { access } from 'node:fs/promises';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACT_FILE, PROVIDER } from './pact-shared.js';
import { startProviderDaemon, type ProviderDaemon } from './provider-daemon.js';
import { providerStates } from './provider-states.js';

type VerifierStates = NonNullable<NonNullable<ConstructorParameters<typeof Verifier>[0]>['stateHandlers']>;

let daemon: ProviderDaemon;

/** One line per failed interaction, instead of the verifier's whole JSON report. */
function describeMismatches(error: unknown): string[] {
  const message = (error as Error).message;
  try {
    const report = JSON.parse(message) as {
      errors: { interaction: string; mismatch?: { mismatches?: { mismatch: string }[] } }[];
    };
    return report.errors.map(
      (e) => `${e.interaction}: ${(e.mismatch?.mismatches ?? []).map((m) => m.mismatch).join('; ')}`,
    );
  } catch {
    return [message];
  }
}

beforeAll(async () => {
  daemon = await startProviderDaemon();
}, 600_000);

afterAll(async () => {
  await daemon?.stop();
}, 60_000);

describe('orchestratord honours the llorch pact', () => {
  it('satisfies every interaction the CLI relies on [CLI-019, OC-026]', async () => {
    await access(PACT_FILE); // written by consumer-cli-interactions.pact.test.ts, which runs first
    const states = providerStates(daemon);
    const verifier = new Verifier({
      provider: PROVIDER,
      providerBaseUrl: daemon.url,
      pactUrls: [PACT_FILE],
      // Pact types the option as an intersection no object literal satisfies; the runtime takes either form.
      stateHandlers: states.handlers as unknown as VerifierStates,
      requestFilter: (req: { headers: Record<string, unknown> }, _res: unknown, next: () => void) => {
        if (req.headers['authorization'] !== undefined)
          req.headers['authorization'] = `Bearer ${daemon.token}`;
        next();
      },
      logLevel: 'warn',
    });
    const mismatches = await verifier.verifyProvider().then(
      () => [],
      (error: unknown) => describeMismatches(error),
    );
    expect(states.failures, 'provider state setup failed').toEqual([]);
    expect(mismatches, 'interactions orchestratord does not honour').toEqual([]);
  }, 300_000);
});
