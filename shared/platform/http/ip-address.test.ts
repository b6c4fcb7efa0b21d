import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { canonicalIp } from './ip-address';

describe('canonical IP addresses', () => {
  it('spells an IPv4-mapped IPv6 address as the IPv4 address, in every IPv6 spelling of it', () => {
    for (const spelling of ['::ffff:203.0.113.9', '::FFFF:203.0.113.9', '::ffff:cb00:7109', '0:0:0:0:0:ffff:cb00:7109'])
      expect(canonicalIp(spelling), spelling).toBe('203.0.113.9');
  });

  it('spells IPv6 the RFC 5952 way and leaves IPv4 and non-addresses as they are', () => {
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8::1')).toBe('2001:db8::1');
    expect(canonicalIp('::1')).toBe('::1');
    expect(canonicalIp('203.0.113.9')).toBe('203.0.113.9');
    expect(canonicalIp('unknown')).toBe('unknown');
  });

  it('agrees with Node’s BlockList on which spellings are one address', () => {
    const pairs: Array<[string, string]> = [
      ['::ffff:198.51.100.7', '198.51.100.7'],
      ['::ffff:c633:6407', '198.51.100.7'],
      ['2001:0db8::0001', '2001:db8::1'],
      // Not mapped: an IPv4-compatible or NAT64 address is another address.
      ['::198.51.100.7', '198.51.100.7'],
      ['64:ff9b::198.51.100.7', '198.51.100.7'],
    ];
    for (const [a, b] of pairs) {
      const list = new BlockList();
      list.addAddress(b, b.includes(':') ? 'ipv6' : 'ipv4');
      const same = list.check(a, a.includes(':') ? 'ipv6' : 'ipv4');
      expect(canonicalIp(a) === canonicalIp(b), `${a} vs ${b}`).toBe(same);
    }
  });
});
