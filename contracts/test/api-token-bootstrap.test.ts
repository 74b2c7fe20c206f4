// OC-008, CFG-005: the token bootstrap every process shares. With no env var
// and no token file yet, a random token is written owner-only to
// server.token_file and reused on the next start; with neither, it refuses.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureApiToken, parseConfig } from '@llama-orch/contracts';

const pools = [{ id: 'p', model: { ref: 'm' } }];

describe('ensureApiToken', () => {
  it('generates a random token into an owner-only file when none exists, then reuses it [OC-008]', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llorch-token-'));
    try {
      const withFile = parseConfig({ server: { token_file: join(dir, 'state', 'api-token') }, pools });
      const first = await ensureApiToken(withFile, {});
      expect(first.source).toBe('generated');
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      expect((await stat(join(dir, 'state', 'api-token'))).mode & 0o777).toBe(0o600);
      const again = await ensureApiToken(withFile, {});
      expect(again).toMatchObject({ token: first.token, source: 'file' });
      expect(await ensureApiToken(withFile, { LLORCH_API_TOKEN: 'from-env' })).toEqual({
        token: 'from-env',
        source: 'env',
        file: null,
      });
      await expect(ensureApiToken(parseConfig({ pools }), {})).rejects.toThrow(/LLORCH_API_TOKEN/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
