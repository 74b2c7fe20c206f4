// WA-019: the stream guarantees (abort checks, token numbering, deadlines, one
// terminal event, a cut stream as WORKER_RESET) live in one loop,
// shared/completion-stream.ts. Each HTTP adapter streams through it and brings
// only its wire decoder; none reads SSE, numbers tokens or runs a timer itself.
// The conformance suite checks the guarantees' behaviour; this checks the shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const HTTP_ADAPTERS = ['llamacpp-http', 'vllm-http', 'tgi-http', 'triton'];

/** What only the shared loop may use: raw SSE reading, token numbering, stream timers. */
const LOOP_ONLY = /\b(streamSse|parseSse|createTokenCounter|setTimeout|setInterval|AbortSignal\.timeout)\b/;

const sourcesOf = (dir: string) =>
  readdirSync(path.join(SRC, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(path.join(SRC, dir, f), 'utf8') }));

describe('one streaming loop', () => {
  it.each(HTTP_ADAPTERS)(
    '%s streams through shared/completion-stream with its own wire decoder [WA-019]',
    (dir) => {
      const files = sourcesOf(dir);
      const adapter = files.find((f) => f.file === `${dir}/adapter.ts`);
      expect(adapter?.text).toMatch(
        /import \{[^}]*\bstreamCompletion\b[^}]*\} from '\.\.\/shared\/completion-stream\.js'/,
      );
      expect(adapter?.text).toMatch(/\bstreamCompletion\(/);
      expect(files.some((f) => /\bOpenWire\b/.test(f.text))).toBe(true);
      const own = files.filter((f) => LOOP_ONLY.test(f.text)).map((f) => f.file);
      expect(own).toEqual([]);
    },
  );

  it('the shape check notices an adapter that reads SSE itself', () => {
    expect(LOOP_ONLY.test("import { streamSse } from '../shared/http.js';")).toBe(true);
    expect(LOOP_ONLY.test('const deadline = setTimeout(() => abort(), idleMs);')).toBe(true);
    expect(LOOP_ONLY.test("import { streamCompletion } from '../shared/completion-stream.js';")).toBe(false);
  });
});
