// WA-023, WA-024: a streamed request on a connection of its own, for an engine
// that hangs up after every streamed reply (llama-server). The request says
// `Connection: close`, so both sides end the connection with the response and no
// error is made for it; and it goes out on a spare connection opened ahead of
// need when one is ready, so back-to-back streams pay no connect before their
// first token. node:http carries these requests: llhttp parses natively, and a
// connection handed in by `createConnection` needs no pool.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

/** How long a spare may wait unused: well under the idle limit engines put on a silent connection. */
export const SPARE_IDLE_MS = 2_000;

/** One spare connection to one engine, opened after each use and closed when nobody takes it. */
export interface SpareConnections {
  /** A connected spare (the caller owns it from here), or undefined when none is ready. */
  take(): Socket | undefined;
  /** Opens the next spare unless one is open or opening. */
  replenish(): void;
}

export function createSpareConnections(origin: URL): SpareConnections {
  const host = origin.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(origin.port || 80);
  let spare: Spare | undefined;

  return {
    take() {
      const current = spare;
      spare = undefined;
      if (current === undefined) return undefined;
      const socket = current.detach();
      if (current.connected && !socket.destroyed && socket.readyState === 'open') return socket;
      socket.destroy();
      return undefined;
    },
    replenish() {
      if (spare !== undefined) return;
      const socket = connect({ host, port, noDelay: true });
      // A failed or dropped spare is only a connect the next stream pays itself.
      const ignore = (): void => undefined;
      const forget = (): void => {
        if (spare === entry) spare = undefined;
      };
      const expire = (): void => void socket.destroy();
      const entry: Spare = {
        connected: false,
        detach: () => {
          socket.off('error', ignore).off('close', forget).off('timeout', expire).setTimeout(0);
          return socket;
        },
      };
      spare = entry;
      socket.once('connect', () => (entry.connected = true));
      socket.on('error', ignore).once('close', forget).once('timeout', expire);
      socket.setTimeout(SPARE_IDLE_MS);
    },
  };
}

interface Spare {
  connected: boolean;
  /** Hands the socket over without the listeners that kept it as a spare. */
  detach(): Socket;
}

export interface OwnConnectionResponse {
  statusCode: number;
  body: IncomingMessage;
}

/** The failure when a request on a spare got no byte of a response: safe to send again. */
class SpareFailed extends Error {}

function send(
  url: URL,
  body: string,
  signal: AbortSignal,
  socket: Socket | undefined,
): Promise<OwnConnectionResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      },
      // Given a connected spare, the request goes out on it; without one, a fresh connect.
      ...(socket !== undefined && { createConnection: () => socket }),
      signal,
    });
    req.once('response', (res) => resolve({ statusCode: res.statusCode ?? 0, body: res }));
    req.once('error', (err) =>
      reject(socket !== undefined && !signal.aborted ? new SpareFailed('', { cause: err }) : err),
    );
    req.end(body);
  });
}

/**
 * POSTs `body` on a connection of its own and resolves with the response once its
 * headers arrive. Aborting `signal` destroys the connection (the engine sees the
 * client go, WA-009); the body then fails with the signal's reason.
 */
export async function postOnOwnConnection(
  url: URL,
  body: string,
  signal: AbortSignal,
  spares: SpareConnections,
): Promise<OwnConnectionResponse> {
  const socket = spares.take();
  const sent = send(url, body, signal, socket);
  // Opened after this request's bytes are on their way, not in front of them.
  setImmediate(() => spares.replenish());
  try {
    return await sent;
  } catch (err) {
    if (!(err instanceof SpareFailed)) throw err;
    // The spare failed before any byte of a response came back: an engine closing an idle
    // connection as the request reaches it has not read the request, so it is sent once more.
    return send(url, body, signal, undefined);
  }
}
