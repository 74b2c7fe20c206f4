// CLI-023, ORCHD-081: `llorch ui` prints the status page's URL with the token in its fragment,
// the one part of a URL a browser never sends to the server, so the page can read it and
// nothing logs it. On a desktop it also hands the URL to xdg-open; a machine without one (a
// server over ssh, a container) still gets the URL to copy, and the command never fails for it.
import { spawn } from 'node:child_process';
import type { CommandContext } from '../context.js';
import { EXIT, type ExitStatus } from '../errors.js';

/** The page's address; the token, when there is one, goes in the fragment only. */
export function statusPageUrl(endpoint: string, token: string | undefined): string {
  const page = `${endpoint.replace(/\/+$/, '')}/ui`;
  return token === undefined ? page : `${page}#token=${encodeURIComponent(token)}`;
}

const onDesktop = (env: NodeJS.ProcessEnv): boolean => Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);

/** Starts xdg-open without waiting for the browser; resolves with whether it could be started. */
function openWithXdg(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const child = spawn('xdg-open', [url], { env, stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

export async function runUi(ctx: CommandContext): Promise<ExitStatus> {
  const { endpoint, token } = ctx.settings;
  const url = statusPageUrl(endpoint, token);
  ctx.out.line(url);
  if (token === undefined) {
    ctx.out.note('no API token found: the page will ask for it (the contents of .llorch/api-token)');
  }
  if (onDesktop(ctx.io.env)) {
    const opened = await openWithXdg(url, ctx.io.env);
    ctx.out.note(opened ? 'opening it in your browser' : 'xdg-open is not available: open the URL yourself');
  }
  return EXIT.ok;
}
