// Outgoing URLs (Teams, webhooks) must reach the public internet: https, and no name that resolves to
// loopback, private, link-local, CGNAT, metadata or otherwise non-public addresses (SSRF).
import dns from 'node:dns';
import net from 'node:net';
import { classifyIpv6, ipv6Groups } from './ipv6-address';

export interface UrlGuardOptions {
  /** TOCSIN_ALLOW_PRIVATE_URLS=1: any address, and plain http too (tests, labs). */
  allowPrivate: boolean;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; error: string };

const NON_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const) {
  NON_PUBLIC.addSubnet(prefix, bits, 'ipv4');
}
/**
 * Whether an IP address is publicly routable. IPv6 must be global unicast; the IPv4 address that an
 * IPv6 form embeds or translates to (mapped, compatible, NAT64, 6to4) is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(address);
  if (!groups) return false;
  const verdict = classifyIpv6(groups);
  if (verdict.kind === 'embedded_ipv4') return isPublicAddress(verdict.ipv4);
  return verdict.kind === 'public';
}

/** Syntax and scheme, without DNS: for forms, and the first step at send time. */
export function validateOutgoingUrl(raw: string, { allowPrivate }: UrlGuardOptions): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: 'not a valid URL' };
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { ok: false, error: 'the URL must use https' };
  if (url.username || url.password) return { ok: false, error: 'the URL must not contain credentials' };
  const literal = hostLiteral(url);
  if (literal && !allowPrivate && !isPublicAddress(literal)) {
    return { ok: false, error: 'the URL points to a private or reserved address' };
  }
  return { ok: true, url };
}

/** Syntax, scheme and every address the host name resolves to: for saving a URL, and "send test". */
export async function checkOutgoingUrl(raw: string, options: UrlGuardOptions): Promise<UrlCheck> {
  const checked = validateOutgoingUrl(raw, options);
  if (!checked.ok || options.allowPrivate || hostLiteral(checked.url)) return checked;
  try {
    await resolvePublic(checked.url.hostname);
    return checked;
  } catch (error) {
    return { ok: false, error: error instanceof PrivateAddressError ? error.message : 'the host name does not resolve' };
  }
}

export class PrivateAddressError extends Error {
  constructor() {
    super('the URL resolves to a private or reserved address');
    this.name = 'PrivateAddressError';
  }
}

/** All the host's addresses, or a PrivateAddressError if any of them is not public. */
async function resolvePublic(hostname: string): Promise<dns.LookupAddress[]> {
  const addresses = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) throw new PrivateAddressError();
  return addresses;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that checks the addresses the socket will actually connect to, so a
 * name that resolves to a public address at check time and a private one at connect time (DNS
 * rebinding) is still refused.
 */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  resolvePublic(hostname).then(
    (addresses) => {
      const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
      if (options.all) return callback(null, usable);
      const first = usable[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, ''),
  );
}

function hostLiteral(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return net.isIP(host) ? host : null;
}
