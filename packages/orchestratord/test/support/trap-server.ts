// A TCP listener on 127.0.0.1 that counts and drops every connection: tests
// point URLs the product must never reach at it, then check it saw nothing.
import { createServer, type AddressInfo } from 'node:net';

export interface TrapServer {
  readonly port: number;
  /** Connections accepted so far. */
  hits(): number;
  close(): Promise<void>;
}

export async function startTrapServer(): Promise<TrapServer> {
  let hits = 0;
  const server = createServer((socket) => {
    hits += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
