// The web process: Next.js (`dev` or production) served by an HTTP server of our own, the one place
// that sees the TCP socket. For every request it replaces CLIENT_ADDRESS_HEADER with the client's
// address (the socket peer, or the rightmost untrusted X-Forwarded-For hop behind TRUSTED_PROXIES),
// which sign-in limits key on (lib/auth/client-address.ts). Started by the launcher (main.ts).
import http from 'node:http';
import next from 'next';
import { CLIENT_ADDRESS_HEADER, markClientAddressServer, parseTrustedProxies, resolveClientAddress } from '../auth/client-address';
import { config } from '../config';

// The methods any route answers; Next.js would answer others (TRACE, CONNECT, PROPFIND…) with an error.
const METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);

function methodNotAllowed(res: http.ServerResponse): void {
  res.writeHead(405, { allow: [...METHODS].join(', '), 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ detail: 'Method not allowed.' }));
}

async function main(): Promise<void> {
  const dev = process.argv[2] === 'dev';
  const { PORT: port, TRUSTED_PROXIES } = config();
  const trusted = parseTrustedProxies(TRUSTED_PROXIES);
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port });
  await app.prepare();
  const handle = app.getRequestHandler();
  markClientAddressServer();

  const server = http.createServer((req, res) => {
    if (!METHODS.has(req.method ?? '')) return methodNotAllowed(res);
    const forwarded = req.headers['x-forwarded-for'];
    req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(req.socket.remoteAddress, forwarded, trusted);
    handle(req, res).catch((error: unknown) => {
      console.error('[web] request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
  });
  if (dev) server.on('upgrade', app.getUpgradeHandler()); // the dev server's hot reload socket
  await new Promise<void>((resolve) => server.listen(port, resolve));
  console.log(`[web] ready on port ${port}${dev ? ' (development)' : ''}`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('[web] could not start', error);
  process.exit(1);
});
