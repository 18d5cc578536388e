import { afterEach, describe, expect, it } from 'vitest';
import {
  clientAddressOf,
  markClientAddressServer,
  parseTrustedProxies,
  resolveClientAddress,
  UNKNOWN_ADDRESS,
} from '@/lib/auth/client-address';

const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies('10.0.0.0/8, 192.168.1.5 ::1,fd00::/8');

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.9', undefined, none)).toBe('203.0.113.9');
    expect(resolveClientAddress('203.0.113.9', '1.2.3.4', none)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:203.0.113.9', '1.2.3.4, 5.6.7.8', none)).toBe('203.0.113.9');
  });

  it('is the rightmost hop that is not a trusted proxy', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7', proxies)).toBe('198.51.100.7');
    // The client wrote "6.6.6.6" itself; the trusted proxy appended what it saw.
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.2', ['6.6.6.6, 198.51.100.7', '10.1.1.1'], proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('::1', '192.168.1.5, 2001:db8::5', proxies)).toBe('2001:db8::5');
  });

  it('rotating X-Forwarded-For from an untrusted peer changes nothing', () => {
    const seen = new Set(['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((xff) => resolveClientAddress('198.51.100.7', xff, proxies)));
    expect([...seen]).toEqual(['198.51.100.7']);
  });

  it('is the leftmost hop when every hop is a trusted proxy, and unknown for a hop that is no address', () => {
    expect(resolveClientAddress('10.0.0.2', '10.0.0.3', proxies)).toBe('10.0.0.3');
    expect(resolveClientAddress('10.0.0.2', '10.0.0.3, garbage', proxies)).toBe(UNKNOWN_ADDRESS);
    expect(resolveClientAddress(undefined, '1.2.3.4', proxies)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges of both families', () => {
    expect(proxies.check('10.200.3.4', 'ipv4')).toBe(true);
    expect(proxies.check('192.168.1.6', 'ipv4')).toBe(false);
    expect(proxies.check('fd12::1', 'ipv6')).toBe(true);
  });

  it.each(['10.0.0.0/33', 'not-an-ip', '10.0.0.1/8/2', '::1/129', '10.0.0.0/x'])('refuses %s', (value) => {
    expect(() => parseTrustedProxies(value)).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('the header from the web server', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('tocsin.web-server.client-address')];
  });

  it("is ignored unless Tocsin's web server runs in this process (a client could write it)", () => {
    expect(clientAddressOf('203.0.113.9')).toBe(UNKNOWN_ADDRESS);
    markClientAddressServer();
    expect(clientAddressOf('203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressOf('nonsense')).toBe(UNKNOWN_ADDRESS);
  });
});
