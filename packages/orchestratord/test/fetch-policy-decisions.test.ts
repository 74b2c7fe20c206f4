// The mediated fetch's decisions as pure functions (HOUSE_STYLE 7): domain
// pattern semantics, rule order and the rate bucket, with no socket, no DNS and
// a clock the test moves by hand.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideFetch, matchesPattern, policyHost } from '../src/tools/fetch-policy.js';
import { createTokenBucket } from '../src/tools/token-bucket.js';
import { fetchConfig } from './support/fetch-target.js';

const policy = (overrides: Record<string, unknown>) => fetchConfig({ enabled: true, ...overrides }).policy;
const decide = (overrides: Record<string, unknown>, url: string, bodyBytes = 0) =>
  decideFetch(policy(overrides), new URL(url), bodyBytes);

describe('domain patterns', () => {
  const table: [string, string, boolean][] = [
    ['example.com', 'example.com', true],
    ['EXAMPLE.com', 'example.COM', true],
    ['www.example.com', 'example.com', false],
    ['notexample.com', 'example.com', false],
    ['a.example.com', '*.example.com', true],
    ['a.b.c.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['badexample.com', '*.example.com', false],
    ['example.com.evil.net', '*.example.com', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '*.0.0.1', false],
    ['10.0.0.1', '*.1', false],
  ];
  it.each(table)('host %s against %s matches: %s [ORCHD-054]', (host, pattern, expected) => {
    expect(matchesPattern(host, pattern)).toBe(expected);
  });

  it('reads the host as the URL parser normalises it: case, trailing dot, IPv4 forms, IPv6 brackets [ORCHD-054]', () => {
    expect(policyHost(new URL('http://Docs.Example.COM./x'))).toBe('docs.example.com');
    expect(policyHost(new URL('http://0x7f.1/'))).toBe('127.0.0.1');
    expect(policyHost(new URL('http://2130706433/'))).toBe('127.0.0.1');
    expect(policyHost(new URL('http://[::1]:8080/'))).toBe('::1');
  });

  it('a wildcard matches exactly the hosts that end in its suffix with a label in front [ORCHD-054]', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.array(label, { minLength: 1, maxLength: 3 }),
        (front, base) => {
          const suffix = base.join('.');
          const host = `${front.join('.')}.${suffix}`;
          fc.pre(isIP(host) === 0); // all-digit labels can spell an IPv4 address, which no wildcard matches
          expect(matchesPattern(host, `*.${suffix}`)).toBe(true);
          expect(matchesPattern(suffix, `*.${suffix}`)).toBe(false);
          expect(matchesPattern(`${front.join('')}${suffix}`, `*.${suffix}`)).toBe(false);
        },
      ),
    );
  });
});

describe('rule order', () => {
  it('refuses everything while disabled, even a listed host [ORCHD-053]', () => {
    expect(decide({ enabled: false, allow_domains: ['example.com'] }, 'https://example.com/')).toMatchObject({
      decision: 'deny',
      rule: 'policy.enabled',
      status: 403,
    });
  });

  it('checks the deny list before the allow list [ORCHD-053]', () => {
    const overlapping = { allow_domains: ['*.example.com'], deny_domains: ['*.internal.example.com'] };
    expect(decide(overlapping, 'https://db.internal.example.com/')).toMatchObject({
      decision: 'deny',
      rule: 'policy.deny_domains',
    });
    expect(decide(overlapping, 'https://docs.example.com/')).toMatchObject({
      decision: 'allow',
      entry: '*.example.com',
    });
  });

  it('denies by default, and names IP literals as their own rule [ORCHD-053] [ORCHD-054]', () => {
    expect(decide({}, 'https://example.com/')).toMatchObject({
      decision: 'deny',
      rule: 'policy.allow_domains',
    });
    expect(decide({ allow_domains: ['example.com'] }, 'http://192.168.1.10/')).toMatchObject({
      rule: 'policy.ip_literal',
    });
    expect(decide({ allow_domains: ['192.168.1.10'] }, 'http://192.168.1.10/')).toMatchObject({
      decision: 'allow',
    });
    expect(decide({ allow_domains: ['example.com'] }, 'http://[fe80::1]/')).toMatchObject({
      rule: 'policy.ip_literal',
    });
  });

  it('refuses a body over max_request_bytes with 413, at the limit it passes [ORCHD-055]', () => {
    const bounded = { allow_domains: ['example.com'], max_request_bytes: 100 };
    expect(decide(bounded, 'https://example.com/', 100)).toMatchObject({ decision: 'allow' });
    expect(decide(bounded, 'https://example.com/', 101)).toMatchObject({
      decision: 'deny',
      rule: 'policy.max_request_bytes',
      status: 413,
    });
  });
});

describe('the rate bucket', () => {
  it('starts full, refills continuously, and computes the wait for the next token [ORCHD-056]', () => {
    let now = 0;
    const bucket = createTokenBucket({ perMinute: 3, now: () => now });
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 20_000 });
    now += 5_000;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 15_000 });
    now += 15_000;
    expect(bucket.take()).toEqual({ ok: true });
    // A long idle refills to the burst size, never beyond it.
    now += 3_600_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()].map((t) => t.ok)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('a clock that steps back neither mints nor burns tokens [ORCHD-056]', () => {
    let now = 100_000;
    const bucket = createTokenBucket({ perMinute: 1, now: () => now });
    expect(bucket.take().ok).toBe(true);
    now -= 50_000;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 60_000 });
    now += 50_000 + 60_000;
    expect(bucket.take().ok).toBe(true);
  });
});
