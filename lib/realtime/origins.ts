// Which browser origins may open a socket: the app's own. Checked before anything else, since a
// browser sends the session cookie to the sidecar whatever page opened the connection.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';

export function allowedOrigins(cfg: Pick<Config, 'REALTIME_ALLOWED_ORIGINS' | 'NEXTAUTH_URL' | 'PORT'>): string[] {
  if (cfg.REALTIME_ALLOWED_ORIGINS) return unique(cfg.REALTIME_ALLOWED_ORIGINS.split(',').map((o) => originOf(o.trim())));
  const defaults = [`http://localhost:${cfg.PORT}`, `http://127.0.0.1:${cfg.PORT}`];
  return unique([...(cfg.NEXTAUTH_URL ? [originOf(cfg.NEXTAUTH_URL)] : []), ...defaults]);
}

/**
 * True when the request comes from a page of an allowed origin. Browsers send Origin on every
 * cross-origin request and on WebSocket handshakes, but not on a same-origin GET (the polling
 * transport, when a load balancer serves the sidecar under the app's own origin): that one is
 * recognised by `Sec-Fetch-Site: same-origin`, a header pages cannot forge. The sidecar serves no
 * page of its own, so "same origin" can only be the app's. Non-browser clients must send Origin.
 */
export function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string') return allowed.has(origin);
  return req.headers['sec-fetch-site'] === 'same-origin';
}

function originOf(url: string): string {
  const origin = new URL(url).origin;
  if (origin === 'null') throw new Error(`Not an http(s) origin: ${url}`);
  return origin;
}

const unique = (values: string[]) => [...new Set(values)];
