// ORCHD-054 (OC-024): where an allowed fetch may connect. A listed name is
// resolved once, every address it resolves to is checked, and the connection
// is pinned to those checked addresses: a second lookup (DNS rebinding) could
// otherwise point an allowed name at the host's own services. Loopback,
// private, link-local, unique-local and shared (CGNAT) ranges, and their
// IPv4-mapped IPv6 forms, are refused unless allow_domains lists the address.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses on this host or its private networks (BlockList also reads IPv4-mapped IPv6 as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: never a place to connect to
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Every address the system resolver gives for `hostname`, in its order. */
export async function resolveHost(hostname: string): Promise<ResolvedAddress[]> {
  const found = await dnsLookup(hostname, { all: true, order: 'verbatim' });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** The first resolved address the policy does not let a name reach, if any. */
export function refusedAddress(
  addresses: readonly ResolvedAddress[],
  allowDomains: readonly string[],
): ResolvedAddress | undefined {
  const listed = new Set(allowDomains.map((d) => d.toLowerCase()));
  return addresses.find((a) => isPrivateAddress(a.address) && !listed.has(a.address));
}

/** A one-use dispatcher whose connections go only to `addresses`, whatever name the URL carries. */
export function pinnedAgent(addresses: readonly ResolvedAddress[]): Agent {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter((a) => wanted === undefined || a.family === wanted);
    if (options.all === true) {
      callback(null, usable);
      return;
    }
    const first = usable[0];
    if (first === undefined) {
      callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    callback(null, first.address, first.family);
  };
  return new Agent({ connect: { lookup } });
}
