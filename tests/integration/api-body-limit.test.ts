// A body over the limit answers 413 and leaves the keep-alive connection usable: the server either
// says `Connection: close` and closes it cleanly after the answer, or drains the body and answers
// the next request on the same socket. Spoken over a raw socket, as a keep-alive client does.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp, tokenFor, type ApiApp } from '../support/api';
import { makeUser } from '../support/fixtures';

let app: ApiApp;
let token: string;

beforeAll(async () => {
  app = await startApiApp({ TOCSIN_WORKER: '0' });
  token = await tokenFor((await makeUser({ isSuperuser: true })).id);
});

afterAll(async () => {
  await app?.stop();
});

const OVER = 1024 * 1024 + 4096;

interface Exchange {
  /** Everything the server sent, and whether it ended the connection cleanly (FIN) or by reset. */
  received: string;
  ended: 'fin' | 'reset' | 'open';
}

/** Waits (in `converse`) for the server's first answer before writing on. */
const ANSWERED = Symbol('answered');

/**
 * Writes `chunks` on one socket (at ANSWERED, once the first answer has come: a client that is
 * told 413 early stops sending its body), then waits until the server has answered a second
 * request with 200 or ended the socket.
 */
function converse(chunks: (string | Buffer | typeof ANSWERED)[]): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(app.app.port, '127.0.0.1');
    let received = '';
    let settled = false;
    const finish = (ended: Exchange['ended']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, ended });
    };
    const timer = setTimeout(() => finish('open'), 15_000);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if ((received.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= 2 && /\r\n\r\n[^]*HTTP\/1\.1 200[^]*\r\n\r\n/.test(received))
        finish('open');
    });
    socket.on('end', () => finish('fin'));
    socket.on('error', () => finish('reset'));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        if (chunk === ANSWERED) {
          while (!/^HTTP\/1\.1 \d{3}[^]*\r\n\r\n/.test(received) && !settled) await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        await new Promise<void>((done) => socket.write(chunk, () => done()));
      }
    });
  });
}

const head = (extra: string) =>
  `POST /api/v2/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token ${token}\r\n` +
  `Content-Type: application/json\r\nConnection: keep-alive\r\n${extra}\r\n`;
const NEXT = 'GET /api/v2/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';

/** The 413 came whole, and the connection then either served the next request or was closed as announced. */
function expectUsable(exchange: Exchange) {
  const [first] = exchange.received.split(/(?=HTTP\/1\.1 \d{3})/);
  expect(first).toMatch(/^HTTP\/1\.1 413/);
  expect(first).toContain('larger than');
  if (/\r\nconnection: close\r\n/i.test(first!)) {
    expect(exchange.ended).toBe('fin');
  } else {
    expect(exchange.received).toMatch(/HTTP\/1\.1 200/);
  }
}

describe('a body over the limit', () => {
  it('declared by Content-Length, answered before the body is sent: 413, and the connection stays usable', async () => {
    // The client stops sending once told 413: whatever comes next on the socket is its next request.
    expectUsable(await converse([head(`Content-Length: ${OVER}\r\n`), Buffer.alloc(1000, 'a'), ANSWERED, NEXT]));
  });

  it('declared by Content-Length and sent whole: 413, and the connection stays usable', async () => {
    expectUsable(await converse([head(`Content-Length: ${OVER}\r\n`), Buffer.alloc(OVER, 'a'), NEXT]));
  });

  it('sent chunked without a length: 413, and the connection stays usable', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunks: (string | Buffer | typeof ANSWERED)[] = [head('Transfer-Encoding: chunked\r\n')];
    for (let sent = 0; sent < OVER; sent += chunk.length) chunks.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n');
    chunks.push('0\r\n\r\n', NEXT);
    expectUsable(await converse(chunks));
  });

  it('a body within the limit is answered and the connection serves the next request (the test can tell)', async () => {
    const body = JSON.stringify({ title: 'x' });
    const exchange = await converse([head(`Content-Length: ${Buffer.byteLength(body)}\r\n`) + body, NEXT]);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 (201|400)/);
    expect(exchange.received).toMatch(/HTTP\/1\.1 200/);
  });
});
