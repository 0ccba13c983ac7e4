import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  parseIpv6,
  refusedAddress,
} from '../../../functions/core/webhooks/address-policy.js';

describe('webhook address classes (SSRF)', () => {
  it.each([
    ['127.0.0.1', 'LOOPBACK'],
    ['127.255.0.9', 'LOOPBACK'],
    ['10.1.2.3', 'PRIVATE'],
    ['172.16.0.1', 'PRIVATE'],
    ['172.31.255.255', 'PRIVATE'],
    ['192.168.1.1', 'PRIVATE'],
    ['169.254.169.254', 'LINK_LOCAL'],
    ['100.100.100.200', 'SHARED'],
    ['0.0.0.0', 'UNSPECIFIED'],
    ['224.0.0.1', 'MULTICAST'],
    ['255.255.255.255', 'RESERVED'],
    ['198.18.0.1', 'RESERVED'],
    ['192.0.2.10', 'RESERVED'],
    ['::1', 'LOOPBACK'],
    ['::', 'UNSPECIFIED'],
    ['fe80::1', 'LINK_LOCAL'],
    ['fd00:ec2::254', 'UNIQUE_LOCAL'],
    ['fc00::5', 'UNIQUE_LOCAL'],
    ['ff02::1', 'MULTICAST'],
    ['2001:db8::1', 'RESERVED'],
    ['2001:0::1', 'RESERVED'],
    ['::ffff:127.0.0.1', 'LOOPBACK'],
    ['::ffff:7f00:1', 'LOOPBACK'],
    ['[::ffff:169.254.169.254]', 'LINK_LOCAL'],
    ['::ffff:a9fe:a9fe', 'LINK_LOCAL'],
    ['::10.0.0.1', 'PRIVATE'],
    ['64:ff9b::a9fe:a9fe', 'LINK_LOCAL'],
    ['64:ff9b::8.8.8.8', 'PUBLIC'],
    ['2002:7f00:1::', 'LOOPBACK'],
    ['2002:0808:0808::1', 'PUBLIC'],
    ['8.8.8.8', 'PUBLIC'],
    ['172.32.0.1', 'PUBLIC'],
    ['2606:4700:4700::1111', 'PUBLIC'],
    ['::ffff:8.8.8.8', 'PUBLIC'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('does not take malformed text for an address', () => {
    for (const text of [
      '127.1',
      '0177.0.0.1',
      '1.2.3.256',
      '::1::',
      '1:2:3:4:5:6:7:8:9',
      'localhost',
      'g::1',
      '',
    ])
      expect(classifyAddress(text)).toBeUndefined();
  });

  it('parses IPv6 with :: in every position and an embedded dotted quad', () => {
    expect(parseIpv6('1::')).toEqual([0, 1, ...Array(14).fill(0)]);
    expect(parseIpv6('::2')).toEqual([...Array(15).fill(0), 2]);
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]);
  });

  it('refuses a resolution if any one address is refused, and allows loopback only under the local policy', () => {
    expect(refusedAddress(['8.8.8.8', '10.0.0.1'], { allowLoopback: false })).toEqual({
      address: '10.0.0.1',
      reason: 'PRIVATE',
    });
    expect(refusedAddress(['127.0.0.1'], { allowLoopback: false })?.reason).toBe('LOOPBACK');
    expect(refusedAddress(['127.0.0.1', '::1'], { allowLoopback: true })).toBeUndefined();
    expect(refusedAddress(['169.254.169.254'], { allowLoopback: true })?.reason).toBe('LINK_LOCAL');
  });
});
