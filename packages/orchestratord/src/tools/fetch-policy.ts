// ORCHD-053, ORCHD-054, ORCHD-055 (OC-024): the policy decision for one fetch, a
// pure function of the config and the parsed request, taken before any DNS
// lookup or connection. Rules run in a fixed order (enabled, deny list, allow
// list or IP literal, request size) and the first that refuses is named, with
// the config change that would allow the fetch. The rate bucket comes last and
// lives in token-bucket.ts, so a refused fetch never spends a token.
import { isIP } from 'node:net';
import type { ErrorStatus, PolicyConfig } from '@llama-orch/contracts';

export type PolicyRule =
  | 'policy.enabled'
  | 'policy.deny_domains'
  | 'policy.allow_domains'
  | 'policy.ip_literal'
  | 'policy.private_address'
  | 'policy.max_request_bytes'
  | 'policy.rate_per_minute'
  | 'policy.max_response_bytes';

export type PolicyDecision =
  | { readonly decision: 'allow'; readonly rule: PolicyRule; readonly entry: string }
  | {
      readonly decision: 'deny';
      readonly rule: PolicyRule;
      readonly status: ErrorStatus<'POLICY_DENIED'>;
      readonly message: string;
    };

/** The host as the policy sees it: lower case, brackets and one trailing dot removed. */
export function policyHost(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/**
 * `example.com` matches that host only; `*.example.com` matches any host with at
 * least one label in front of `.example.com`. Wildcards never match IP literals.
 */
export function matchesPattern(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return isIP(host) === 0 && host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

export function decideFetch(policy: PolicyConfig, url: URL, bodyBytes: number): PolicyDecision {
  const host = policyHost(url);
  const deny = (
    rule: PolicyRule,
    message: string,
    status: ErrorStatus<'POLICY_DENIED'> = 403,
  ): PolicyDecision => ({
    decision: 'deny',
    rule,
    status,
    message,
  });
  if (!policy.enabled) {
    return deny(
      'policy.enabled',
      'the mediated fetch is disabled (policy.enabled: false); set policy.enabled: true and list the allowed domains in policy.allow_domains',
    );
  }
  const denied = policy.deny_domains.find((p) => matchesPattern(host, p));
  if (denied !== undefined) {
    return deny(
      'policy.deny_domains',
      `host ${host} is denied by policy.deny_domains entry ${denied}; remove that entry to allow it`,
    );
  }
  const allowed = policy.allow_domains.find((p) => matchesPattern(host, p));
  if (allowed === undefined) return deny(...notAllowed(host));
  if (bodyBytes > policy.max_request_bytes) {
    return deny(
      'policy.max_request_bytes',
      `request body is ${bodyBytes} bytes, over policy.max_request_bytes (${policy.max_request_bytes}); send less or raise the limit`,
      413,
    );
  }
  return { decision: 'allow', rule: 'policy.allow_domains', entry: allowed };
}

function notAllowed(host: string): [PolicyRule, string] {
  const family = isIP(host);
  if (family === 6) {
    return [
      'policy.ip_literal',
      `IPv6 literal host ${host} is always refused (policy.allow_domains cannot name it); fetch by domain name`,
    ];
  }
  if (family === 4) {
    return [
      'policy.ip_literal',
      `IP literal host ${host} is refused unless policy.allow_domains lists ${host} itself; fetch by domain name or add it`,
    ];
  }
  const parent = host.includes('.') ? host.slice(host.indexOf('.') + 1) : undefined;
  const hint = parent === undefined || !parent.includes('.') ? host : `${host} (or *.${parent})`;
  return [
    'policy.allow_domains',
    `host ${host} matches no policy.allow_domains entry; add ${hint} to policy.allow_domains to allow it`,
  ];
}
