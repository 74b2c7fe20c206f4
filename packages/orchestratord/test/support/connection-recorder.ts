// OC-025 test instrument, loaded with `node --import` into a process under
// observation (never imported by production code). It records every outbound
// connection attempt the process makes, as one JSON line per attempt in the
// file named by LLORCH_CONNECTION_LOG: TCP and TLS (both end in
// net.Socket#connect, whether they come from fetch, undici, node:http or
// tls.connect), Unix sockets, and any UDP socket. The target is taken from the
// connect arguments, so refused connections are recorded too. Recording only
// observes: every call goes on to the original method unchanged.
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';

export interface RecordedConnection {
  kind: 'tcp' | 'ipc' | 'udp';
  /** Host as the caller gave it (an address or a name); absent for ipc. */
  host?: string;
  port?: number;
  /** Unix socket path, for kind ipc. */
  path?: string;
}

const logFile = process.env.LLORCH_CONNECTION_LOG;

function record(entry: RecordedConnection): void {
  if (logFile !== undefined && logFile !== '') appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
}

/** The target of `socket.connect(...)` in any of its call shapes (options, [options, cb], port/host, path). */
function targetOf(args: readonly unknown[]): RecordedConnection {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof o.path === 'string' && o.path !== '') return { kind: 'ipc', path: o.path };
    return { kind: 'tcp', host: typeof o.host === 'string' ? o.host : 'localhost', port: Number(o.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { kind: 'ipc', path: first };
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return { kind: 'tcp', host, port: Number(first) };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(this: net.Socket, ...args: unknown[]) {
  record(targetOf(args));
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

const bind = dgram.Socket.prototype.bind;
dgram.Socket.prototype.bind = function recordedBind(this: dgram.Socket, ...args: unknown[]) {
  // Sending on an unbound UDP socket binds it first, so this sees every UDP user.
  record({ kind: 'udp' });
  return (bind as (...a: unknown[]) => dgram.Socket).apply(this, args);
} as typeof bind;
