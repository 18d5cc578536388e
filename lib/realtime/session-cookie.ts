// The next-auth session token from a Cookie header: either cookie name (`__Secure-` over https),
// whole or split by next-auth into `.0`, `.1`, … chunks when it outgrows one cookie.

export const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, safeDecode(value)); // the first of duplicates wins, as browsers send the most specific first
  }
  return cookies;
}

/** Session tokens found in the header, most specific name first; usually zero or one. */
export function sessionTokens(header: string | undefined): string[] {
  const cookies = parseCookieHeader(header);
  const tokens: string[] = [];
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookies.get(name) ?? joinChunks(cookies, name);
    if (token) tokens.push(token);
  }
  return tokens;
}

function joinChunks(cookies: Map<string, string>, name: string): string | undefined {
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length > 0 ? chunks.join('') : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
