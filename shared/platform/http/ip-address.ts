import { BlockList, SocketAddress, isIP } from 'node:net';

/** ::ffff:0:0/96, where IPv6 carries IPv4 addresses (RFC 4291 §2.5.5.2). */
const ipv4Mapped = new BlockList();
ipv4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

/**
 * One spelling per address, so a block, a counter or a record keyed by an address matches
 * however the address arrived: `::ffff:203.0.113.9` (a dual-stack socket's view of an IPv4
 * client) is `203.0.113.9`, and `2001:DB8:0::1` is `2001:db8::1`. Node's own parser does the
 * work (SocketAddress formats IPv6 as RFC 5952 text; BlockList knows the mapped range), not a
 * pattern of ours. Anything that is not an IP address (`unknown`) is returned unchanged.
 */
export function canonicalIp(address: string): string {
  if (isIP(address) !== 6) return address;
  const canonical = new SocketAddress({ address, family: 'ipv6' }).address;
  if (!ipv4Mapped.check(canonical, 'ipv6')) return canonical;
  const mapped = canonical.slice(canonical.lastIndexOf(':') + 1);
  return isIP(mapped) === 4 ? mapped : canonical;
}
