// ORCHD-081: the status page's static shell, script and style sheet, served without a token
// (they hold no data; the page's one data call, ORCHD-080, needs it). The files live in the
// package's ui/ folder and are read once at start. The Content-Security-Policy allows script,
// style and connections from this origin only and no inline script, so text that reaches the
// page (model names, error messages) cannot run as code; the page also never sends the token
// in a URL and tells the browser to send no Referer.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));

const FILES = {
  '/ui': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/ui/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
} as const;

export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export const uiRoutes: FastifyPluginAsync = async (app) => {
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = await readFile(`${UI_DIR}${file}`, 'utf8');
    app.get(path, async (_request, reply) => reply.headers(UI_SECURITY_HEADERS).type(type).send(body));
  }
};
