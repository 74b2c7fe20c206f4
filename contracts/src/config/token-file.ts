// Reading one secret token from a file (CFG-005, CFG-031), shared by the owner's
// server.token_file and each client's token_file. The answer describes the file, never
// what is in it: callers turn a refusal into a config error (at start) or a log line
// (on rotation) that an operator can act on without the token leaking.
import { readFile, stat } from 'node:fs/promises';

export type TokenFileRead =
  | { readonly type: 'token'; readonly token: string }
  | { readonly type: 'missing' }
  | { readonly type: 'empty' }
  | { readonly type: 'refused'; readonly message: string; readonly cause?: unknown };

/** One token on one line, in a file only its owner can read (as ssh insists for a key). */
export async function readTokenFile(file: string): Promise<TokenFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { type: 'missing' };
    return {
      type: 'refused',
      message: `cannot read the token file (${code ?? 'unknown error'}); check its permissions`,
      cause,
    };
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return {
      type: 'refused',
      message:
        `the token file is readable by group or others (mode ${mode.toString(8).padStart(3, '0')}); ` +
        `run chmod 600 ${file}, and replace the token if others may have read it`,
    };
  }
  const token = text.trim();
  if (token === '') return { type: 'empty' };
  if (/\s/.test(token)) {
    return {
      type: 'refused',
      message: 'the token file must hold exactly one token on one line, with no spaces',
    };
  }
  return { type: 'token', token };
}
