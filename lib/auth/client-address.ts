// The client's address, for sign-in limits: the TCP peer, or, when that peer is a trusted proxy
// (TRUSTED_PROXIES), the rightmost X-Forwarded-For hop that is not one. The left part of
// X-Forwarded-For is whatever the client wrote, so it is never read past the first untrusted hop.
//
// Route handlers and next-auth's authorize() do not see the socket (Next gives them a Request), so the
// web process's own HTTP server (lib/launcher/web-server.ts) computes the address from the socket and
// hands it to the app in CLIENT_ADDRESS_HEADER, overwriting whatever a client sent under that name.
// The app believes the header only when that server runs in this process: under a bare `next start`
// any client could write it, and every request counts as one unknown address instead.
import net from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-tocsin-client-address';
export const UNKNOWN_ADDRESS = 'unknown';
const SERVER_MARK = Symbol.for('tocsin.web-server.client-address');

/** TRUSTED_PROXIES: addresses and CIDR ranges, comma- or space-separated. Throws on a malformed entry. */
export function parseTrustedProxies(value: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const [address = '', bits, extra] = entry.split('/');
    const plain = normalizeAddress(address);
    const family = net.isIP(plain);
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    const max = family === 4 ? 32 : 128;
    const badPrefix = !/^\d*$/.test(bits ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max;
    if (!family || extra !== undefined || badPrefix) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(plain, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** "::ffff:10.0.0.1" (how Node reports IPv4 peers on a dual-stack socket) → "10.0.0.1"; "[::1]" → "::1". */
export function normalizeAddress(address: string): string {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return (mapped ? mapped[1]! : bare).toLowerCase();
}

function isTrusted(address: string, trusted: net.BlockList): boolean {
  const family = net.isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client: the socket peer, then leftwards through X-Forwarded-For while each hop is a trusted proxy. */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: net.BlockList,
): string {
  let client = normalizeAddress(socketAddress ?? '');
  if (!client) return UNKNOWN_ADDRESS;
  const hops = [forwardedFor ?? []].flat().join(',').split(',').map(normalizeAddress).filter(Boolean);
  while (isTrusted(client, trusted) && hops.length > 0) client = hops.pop()!;
  // A hop that is not an address was written by the client (a trusted proxy appends real addresses).
  return net.isIP(client) ? client : UNKNOWN_ADDRESS;
}

/** Called once by the web process's server: from now on the app believes CLIENT_ADDRESS_HEADER. */
export function markClientAddressServer(): void {
  (globalThis as Record<symbol, unknown>)[SERVER_MARK] = true;
}

/** The address the web process's server put on the request; UNKNOWN_ADDRESS without that server. */
export function clientAddressOf(headerValue: string | null | undefined): string {
  if ((globalThis as Record<symbol, unknown>)[SERVER_MARK] !== true) return UNKNOWN_ADDRESS;
  const address = normalizeAddress(headerValue ?? '');
  return net.isIP(address) ? address : UNKNOWN_ADDRESS;
}
