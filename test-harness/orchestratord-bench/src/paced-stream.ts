// The paced engine's clock: writes a reply's token frames at an exact rate,
// including rates far above 1k tok/s that timer-per-token simulators cannot
// reach. Tokens due since the last tick go out in one write, like a fast
// engine that decodes in bursts; the same loop serves every wire format.
import type { ServerResponse } from 'node:http';

/** One reply's frames on some wire format. */
export interface PacedFrames {
  /** Written with the first token (e.g. the chat stream's role chunk). */
  head: string;
  /** The frame carrying token `i` (0-based). */
  token(i: number): string;
  /** Everything after the last token: final chunk, usage, terminator. */
  tail(elapsedMs: number): string;
}

/**
 * Streams `total` tokens at `rate` tok/s into an SSE response. `settled` runs once,
 * when the reply ends or the client hangs up, whichever comes first.
 */
export function pace(
  res: ServerResponse,
  rate: number,
  total: number,
  frames: PacedFrames,
  settled: () => void,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const started = performance.now();
  let sent = 0;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    settled();
  };
  res.on('close', finish);
  const tick = (): void => {
    if (done) return;
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    let chunk = sent === 0 ? frames.head : '';
    for (; sent < due; sent++) chunk += frames.token(sent);
    if (sent >= total) {
      res.end(chunk + frames.tail(performance.now() - started));
      finish();
      return;
    }
    if (chunk !== '') res.write(chunk);
    const next = ((sent + 1) * 1000) / rate - (performance.now() - started);
    if (next <= 0) setImmediate(tick);
    else setTimeout(tick, Math.max(0, Math.floor(next)));
  };
  tick();
}
