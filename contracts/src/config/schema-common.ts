// Shared building blocks of the config schema (CFG-001, CFG-003, CFG-004).
// Kept apart so every section names the same constraints the same way and the
// generated JSON Schema shows one consistent vocabulary to editors.
import { z } from 'zod';
import { DETERMINISM_MODES, ENGINES } from '../generated/value-lists.js';

/** Host name or IP address a daemon binds to. */
export const bindHost = z
  .string()
  .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'expected a host name or IP address such as 127.0.0.1' })
  .describe('Host or IP to bind; loopback by default so nothing is exposed to the LAN by accident.');

/** TCP port; 0 asks the OS for any free port (handy for tests and side-by-side runs). */
export const tcpPort = z.int().min(0).max(65_535);

/** A filesystem path; relative paths resolve against the config file's directory. */
export const fsPath = z
  .string()
  .min(1)
  .describe("Filesystem path; relative to the config file's directory, '~/' means the home directory.");

/** Positive integer number of milliseconds. */
export const durationMs = z.int().positive();

/** Positive integer count (slots, replicas, turns). */
export const positiveInt = z.int().positive();

/** Positive byte count. */
export const byteCount = z.int().positive();

/** An http(s) URL of an engine that llama-orch talks to but does not spawn. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .describe('URL of an externally managed engine (not spawned by pool-managerd).');

/** Lower-case sha256 hex digest, as produced by `sha256sum`. */
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: 'expected a sha256 digest: 64 lower-case hex characters' });

/** Identifier safe for URLs, metrics labels and file names. */
export const slugId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, {
  error: 'expected 1-63 chars of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
});

/** A domain name, optionally with a leading `*.` wildcard for all its subdomains. */
export const domainPattern = z
  .string()
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i, {
    error: 'expected a domain such as example.com or *.example.com',
  });

export const engineKind = z.enum(ENGINES);

export const determinismMode = z.enum(DETERMINISM_MODES);
