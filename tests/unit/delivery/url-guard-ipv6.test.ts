import { describe, expect, it } from 'vitest';
import { ipv6Groups } from '@/lib/delivery/ipv6-address';
import { isPublicAddress, validateOutgoingUrl } from '@/lib/delivery/url-guard';

const strict = { allowPrivate: false };

describe('IPv6 forms that embed or translate to a non-public IPv4 address are not public', () => {
  it.each([
    ['::127.0.0.1', 'IPv4-compatible, dotted'],
    ['::7f00:1', 'IPv4-compatible, hex'],
    ['::a00:1', 'IPv4-compatible 10.0.0.1'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata 169.254.169.254'],
    ['64:ff9b::7f00:1', 'NAT64 well-known prefix to loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 well-known prefix to a private address'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 to the metadata service'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['2002:a9fe:a9fe::', '6to4 of 169.254.169.254'],
  ])('%s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('IPv6 outside global unicast is not public', () => {
  it.each([
    ['64:ff9b:1::7f00:1', 'NAT64 local-use prefix'],
    ['64:ff9b:1::808:808', 'NAT64 local-use prefix, even to a public address'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo with an embedded client'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'ORCHID'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation (RFC 9637)'],
    ['fec0::1', 'site-local'],
    ['feff::1', 'site-local, top of the block'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fc00::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['100::1', 'discard'],
    ['5f00::1', 'SRv6 SIDs, outside 2000::/3'],
    ['4000::1', 'unassigned, outside 2000::/3'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
  ])('%s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('global unicast IPv6 is public', () => {
  it.each([
    ['2606:4700::1111', 'Cloudflare'],
    ['2a00:1450:4001:82a::200e', 'Google'],
    ['64:ff9b::808:808', 'NAT64 to a public IPv4 address'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public address'],
    ['2002:808:808::1', '6to4 of a public address'],
    ['2001:200::1', 'just past the IETF block'],
  ])('%s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('URLs with these literals', () => {
  it.each([
    'https://[::127.0.0.1]/',
    'https://[::7f00:1]/',
    'https://[64:ff9b:1::7f00:1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[2002:7f00:1::1]/',
    'https://[2001::1]/',
    'https://[fec0::1]/',
  ])('%s is refused', (url) => {
    expect(validateOutgoingUrl(url, strict)).toEqual({ ok: false, error: 'the URL points to a private or reserved address' });
  });
});

describe('IPv6 parsing', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
    ['2001:db8:0:0:1:0:0:1', [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]],
    ['2001:DB8::1', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
  ])('%s', (address, groups) => {
    expect(ipv6Groups(address)).toEqual(groups);
  });

  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', '1:2:3:4:5:6:7', '::1.2.3', '::1.2.3.256', '12345::', 'g::1', '1:2:3:4:5:6:7::8'])(
    '%s is not an address',
    (address) => expect(ipv6Groups(address)).toBeNull(),
  );
});
