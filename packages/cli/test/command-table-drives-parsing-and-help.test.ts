// The command set of CLI-001 exists, and parsing and `--help` both come from
// the one option table (CLI-002): every declared option shows in help and is
// accepted by the parser, and help lists the environment variables.
import { describe, expect, it } from 'vitest';
import { COMMANDS, ENVIRONMENT, GLOBAL_OPTIONS } from '../src/index.js';
import { runAgainst } from './support/test-io.js';

const help = async (argv: string[]) => {
  const run = await runAgainst('http://127.0.0.1:9', [...argv, '--help']);
  expect(run.status).toBe(0);
  return run.stdout;
};

describe('command table', () => {
  it('offers every command CLI-001 names, with the spec and issue spellings [CLI-001]', async () => {
    const paths = COMMANDS.map((c) => c.path.join(' '));
    for (const required of [
      'submit',
      'stream',
      'cancel',
      'sessions show',
      'sessions delete',
      'catalog add',
      'catalog get',
      'catalog verify',
      'catalog state',
      'pools drain',
      'pools reload',
      'pools health',
      'caps',
      'replicasets',
      'models',
      'clients',
      'artifacts put',
      'artifacts get',
      'status',
      'ui',
    ]) {
      expect(paths).toContain(required);
    }
    // Spec spellings are aliases of the issue's: `sessions get`, `capabilities`.
    expect(await help(['sessions', 'get'])).toContain('Usage: llorch sessions show|get');
    expect(await help(['capabilities'])).toContain('Usage: llorch caps|capabilities');
  });

  it('shows every declared option of every command in its help [CLI-002]', async () => {
    for (const command of COMMANDS) {
      const text = await help([...command.path]);
      for (const option of command.options) {
        const long = option.flags.split(/[ ,]+/).find((f) => f.startsWith('--'));
        expect(text, `${command.path.join(' ')} ${long}`).toContain(long);
      }
    }
  });

  it('lists the environment variables and the exit statuses in the top-level help [CLI-002, CLI-017]', async () => {
    const text = await help([]);
    for (const name of Object.keys(ENVIRONMENT)) expect(text).toContain(name);
    for (const option of GLOBAL_OPTIONS) {
      if ('env' in option) expect(text).toContain(`[env ${option.env}]`);
    }
    expect(text).toContain('3 backpressure retries exhausted');
    expect(text).toContain('130 interrupted');
  });

  it('rejects values outside a declared choice list before any request [CLI-002, CLI-017]', async () => {
    const run = await runAgainst('http://127.0.0.1:9', ['submit', '--priority', 'urgent', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Allowed choices are interactive, batch');
  });
});
