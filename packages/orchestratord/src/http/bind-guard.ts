// ORCHD bind safety (OC-004, OC-008, HOME-005): the daemon binds 127.0.0.1 by
// default and refuses any non-loopback address unless an API token is set,
// so a LAN never sees an unauthenticated orchestrator.
import { isIP } from 'node:net';
import { OrchestratordError } from '../errors.js';

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

export function assertSafeBind(host: string, token: string | null): void {
  if (token !== null && token.length > 0) return;
  if (isLoopbackHost(host)) return;
  throw new OrchestratordError(
    'INVALID_PARAMS',
    `refusing to listen on non-loopback address ${host} without an API token: set LLORCH_API_TOKEN ` +
      'or server.token_file, or bind 127.0.0.1',
    { retriable: false, context: { host } },
  );
}
