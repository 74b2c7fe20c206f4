// Issue 16 item 5, HOME-007, POOL-022: the systemd units in ops/systemd pass
// `systemd-analyze verify`, system units as the system manager reads them and
// user units as a user manager does. verify insists that ExecStart's program
// exists, so each variant is checked in a temporary copy whose /usr/bin/node is
// this test's node (the units' own path elsewhere); nothing else is changed. A
// planted broken unit must fail the same check, or the check proves nothing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const UNITS = fileURLToPath(new URL('../../ops/systemd/', import.meta.url));
const VARIANTS = ['system', 'user'] as const;
type Variant = (typeof VARIANTS)[number];
const scratch = mkdtempSync(join(tmpdir(), 'llorch-units-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Copies a variant's units where verify can read them, with node pointing at a real file. */
function copyOf(variant: Variant, edit: (text: string) => string = (t) => t): string[] {
  const dir = mkdtempSync(join(scratch, `${variant}-`));
  return readdirSync(join(UNITS, variant)).map((name) => {
    const file = join(dir, name);
    cpSync(join(UNITS, variant, name), file);
    writeFileSync(
      file,
      edit(readFileSync(file, 'utf8').replaceAll('/usr/bin/node ', `${process.execPath} `)),
    );
    return file;
  });
}

/** systemd-analyze verify; any diagnostic counts against the units, not only a non-zero exit. */
function verify(variant: Variant, files: string[]): { status: number | null; output: string } {
  const runtime = mkdtempSync(join(scratch, 'runtime-'));
  const result = spawnSync(
    'systemd-analyze',
    [...(variant === 'user' ? ['--user'] : []), 'verify', '--man=no', ...files],
    // A user manager needs a runtime directory; a CI container has none of its own.
    { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_COLOR: '0' } },
  );
  if (result.error)
    throw new Error(`systemd-analyze (Debian package systemd) did not run: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('systemd units', () => {
  it('has the combined and the split units in both variants', () => {
    for (const variant of VARIANTS)
      expect(readdirSync(join(UNITS, variant)).sort()).toEqual([
        'llama-orch-orchestratord.service',
        'llama-orch-pool-managerd.service',
        'llama-orch.service',
      ]);
  });

  for (const variant of VARIANTS) {
    it(`passes systemd-analyze verify as ${variant} units, with no diagnostics [HOME-007]`, () => {
      const result = verify(variant, copyOf(variant));
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });

    it(`fails the same check with a planted mistake (${variant})`, () => {
      const misspelt = verify(
        variant,
        copyOf(variant, (t) => t.replace('Restart=on-failure', 'Restart=sometimes')),
      );
      expect(misspelt.output).toMatch(/restart specifier/i);
      const missing = verify(
        variant,
        copyOf(variant, (t) => t.replace(`${process.execPath} `, '/nonexistent/node ')),
      );
      expect(missing.output).toMatch(/\/nonexistent\/node is not executable/);
      expect(missing.status).not.toBe(0);
    });
  }

  it('keeps the hardening and the restart policy, and no token, in every unit', () => {
    for (const variant of VARIANTS)
      for (const name of readdirSync(join(UNITS, variant))) {
        const text = readFileSync(join(UNITS, variant, name), 'utf8');
        for (const line of [
          'NoNewPrivileges=yes',
          'ProtectSystem=strict',
          'PrivateTmp=yes',
          'Restart=on-failure',
          'StateDirectory=llama-orch',
          'KillMode=mixed',
        ])
          expect(text, `${variant}/${name}`).toContain(`\n${line}\n`);
        expect(text, `${variant}/${name}`).toMatch(/\nProtectHome=(yes|read-only)\n/);
        expect(text, `${variant}/${name}`).not.toMatch(/LLORCH_API_TOKEN=/);
      }
  });

  it('starts orchestratord after the pool-managerd it needs in the split form [POOL-022]', () => {
    for (const variant of VARIANTS) {
      const text = readFileSync(join(UNITS, variant, 'llama-orch-orchestratord.service'), 'utf8');
      expect(text).toMatch(/^After=.*llama-orch-pool-managerd\.service/m);
      expect(text).toMatch(/^Wants=.*llama-orch-pool-managerd\.service/m);
      expect(text).toMatch(/--only orchestratord \$LLORCH_ARGS$/m);
    }
  });
});
