// Test-side SSE reader over undici: parses text/event-stream into messages and
// records comments (heartbeats) separately so tests can assert both.
import { request } from 'undici';

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseReadResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  messages: SseMessage[];
  comments: string[];
  body: string;
}

export class SseParser {
  private buffer = '';
  private current: { id?: string; event?: string; data: string[] } = { data: [] };
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let start = 0;
    let index: number;
    while ((index = this.buffer.indexOf('\n', start)) >= 0) {
      const line = this.buffer.slice(start, index).replace(/\r$/, '');
      start = index + 1;
      if (line === '') {
        if (this.current.data.length > 0 || this.current.event !== undefined) {
          const message = {
            id: this.current.id,
            event: this.current.event ?? 'message',
            data: this.current.data.join('\n'),
          };
          this.messages.push(message);
          out.push(message);
        }
        this.current = { data: [] };
      } else if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') this.current.id = value;
        else if (field === 'event') this.current.event = value;
        else if (field === 'data') this.current.data.push(value);
      }
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }
}

export interface ReadSseOptions {
  headers?: Record<string, string>;
  /** Stop reading (and abort) once this predicate holds for the messages seen so far. */
  until?: (messages: SseMessage[]) => boolean;
  signal?: AbortSignal;
}

export async function readSse(url: string, options: ReadSseOptions = {}): Promise<SseReadResult> {
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const response = await request(url, { headers: options.headers, signal: controller.signal });
  const parser = new SseParser();
  let body = '';
  response.body.setEncoding('utf8');
  try {
    for await (const chunk of response.body as AsyncIterable<string>) {
      body += chunk;
      parser.push(chunk);
      if (options.until?.(parser.messages)) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    messages: parser.messages,
    comments: parser.comments,
    body,
  };
}

export function parsed<T = Record<string, unknown>>(message: SseMessage): T {
  return JSON.parse(message.data) as T;
}
