// IPv6 literals for the SSRF guard: parse to eight 16-bit groups, allow only global unicast (2000::/3
// minus its special-purpose blocks) and hand back the IPv4 address that a translating or embedding
// form (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) would reach, so it is
// judged as IPv4 too.

export type Ipv6Verdict = { kind: 'public' } | { kind: 'not_public' } | { kind: 'embedded_ipv4'; ipv4: string };

/** The eight groups of an IPv6 literal (a dotted IPv4 tail and a zone id allowed), or null. */
export function ipv6Groups(address: string): number[] | null {
  const text = address.replace(/%.*$/, '').toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(text) || text.split('::').length > 2) return null;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = parseGroups(head);
  const right = tail === null ? [] : parseGroups(tail);
  if (!left || !right) return null;
  if (tail === null) return left.length === 8 ? left : null;
  const missing = 8 - left.length - right.length;
  if (missing < 1) return null;
  return [...left, ...Array<number>(missing).fill(0), ...right];
}

function parseGroups(part: string): number[] | null {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece.includes('.')) {
      if (index !== pieces.length - 1) return null;
      const ipv4 = parseIpv4(piece);
      if (!ipv4) return null;
      const [a, b, c, d] = ipv4;
      groups.push((a << 8) | b, (c << 8) | d);
    } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv4(text: string): [number, number, number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  const [a = 0, b = 0, c = 0, d = 0] = parts.map(Number);
  return [a, b, c, d];
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

// Special-purpose blocks inside 2000::/3 that are not global unicast (IANA IPv6 special registry).
const NOT_GLOBAL: ReadonlyArray<readonly [number[], number]> = [
  [[0x2001, 0x0000], 23], // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID, …
  [[0x2001, 0x0db8], 32], // documentation
  [[0x3fff, 0x0000], 20], // documentation (RFC 9637)
];

function inPrefix(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < prefix.length && bits > 0; i += 1, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** How the guard must judge an IPv6 address: public, not public, or as the IPv4 address it embeds. */
export function classifyIpv6(groups: number[]): Ipv6Verdict {
  const [g0 = 0, g1 = 0, g2 = 0, , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; :: and ::1 land in 0.0.0.0/8 and are refused there)
  if (zeros(0, 5) && (g5 === 0xffff || g5 === 0)) {
    return { kind: 'embedded_ipv4', ipv4: ipv4Of(g6, g7) };
  }
  // NAT64 well-known prefix 64:ff9b::/96 translates to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && zeros(2, 6)) {
    return { kind: 'embedded_ipv4', ipv4: ipv4Of(g6, g7) };
  }
  // Everything else outside 2000::/3 (NAT64 local-use 64:ff9b:1::/48, fc00::/7, fe80::/10, fec0::/10,
  // multicast, discard 100::/64, …) is not global unicast.
  if ((g0 & 0xe000) !== 0x2000) return { kind: 'not_public' };
  // 6to4 2002:AABB:CCDD::/48 relays to the IPv4 address AA.BB.CC.DD.
  if (g0 === 0x2002) return { kind: 'embedded_ipv4', ipv4: ipv4Of(g1, g2) };
  if (NOT_GLOBAL.some(([prefix, bits]) => inPrefix(groups, prefix, bits))) return { kind: 'not_public' };
  return { kind: 'public' };
}
