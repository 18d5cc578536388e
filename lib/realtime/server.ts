// The sidecar: an HTTP server (GET /healthz) carrying socket.io, the handshake checks, the
// listener and, with Redis, the shared rooms. start → { port, close }.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { Server, type Socket } from 'socket.io';
import { soleSidecar } from './election';
import { userRoom, type ClientToServerEvents, type RejectReason, type ServerToClientEvents } from './events';
import { authenticateHandshake, type HandshakeResult } from './handshake-auth';
import { listenForNotifications } from './listener';
import { errorText, type Logger } from './logger';
import { originAllowed } from './origins';
import { createPusher, type Pusher } from './push';
import { connectRedis, type RedisLink } from './redis';
import { startSnoozeWaker } from './snooze-waker';
import { userStatus } from './user-status';

export interface RealtimeOptions {
  /** 0 picks a free port. */
  port: number;
  /** NEXTAUTH_SECRET: decrypts the session cookie. */
  secret: string;
  allowedOrigins: string[];
  /** The pool, for the sidecar's queries. */
  sql: postgres.Sql;
  /** For the one LISTEN connection, which the sidecar opens and closes itself. */
  databaseUrl: string;
  redisUrl?: string;
  redisKeyPrefix?: string;
  log: Logger;
  /** How often the listener checks that it still hears PostgreSQL (default 10 s). */
  heartbeatMs?: number;
  /** The longest the snooze waker waits between looks at the next due snooze (default 30 s). */
  snoozeCheckMs?: number;
}

export interface RealtimeServer {
  port: number;
  pusher: Pusher;
  /** Stops listening, closes every socket and the HTTP server, disconnects Redis. Leaves the pool open: the caller owns it. */
  close(): Promise<void>;
}

interface SocketData {
  userId: number;
  expiresAt: number;
  endReason?: string;
}

type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export async function startRealtimeServer(options: RealtimeOptions): Promise<RealtimeServer> {
  const { log, sql } = options;
  const allowed = new Set(options.allowedOrigins);
  let closing = false;

  // Requests arrive only once the server listens, after `listening` below exists.
  const httpServer = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') {
      // Unhealthy while stopping or deaf to PostgreSQL: a load balancer then sends new sockets elsewhere.
      const ok = !closing && listening.healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok, sockets: io.of('/').sockets.size }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });

  const io: RealtimeIo = new Server(httpServer, {
    serveClient: false,
    cors: { origin: [...allowed], credentials: true },
    allowRequest: (req, callback) => {
      if (originAllowed(req, allowed)) return callback(null, true);
      logReject(log, 'origin_not_allowed', { ip: req.socket.remoteAddress, origin: req.headers.origin });
      callback('origin not allowed', false);
    },
    // Clients send nothing; an engine.io connection that never authenticates is dropped after this.
    maxHttpBufferSize: 4096,
    connectTimeout: 10_000,
  });

  let redis: RedisLink | undefined;
  if (options.redisUrl) {
    redis = await connectRedis(options.redisUrl, options.redisKeyPrefix ?? 'tocsin', log);
    io.adapter(redis.adapter);
  }

  io.use(async (socket, next) => {
    const result = await authenticateHandshake(socket.request.headers.cookie, {
      secret: options.secret,
      userStatus: (userId) => userStatus(sql, userId),
    }).catch((error: unknown): HandshakeResult => {
      log.error('handshake check failed', { error: errorText(error) });
      return { ok: false, reason: 'server_error' };
    });
    if (!result.ok) {
      logReject(log, result.reason, { ip: socket.handshake.address, user: result.userId });
      return next(Object.assign(new Error('unauthorized'), { data: { reason: result.reason } }));
    }
    socket.data.userId = result.userId;
    socket.data.expiresAt = result.expiresAt;
    next();
  });

  io.on('connection', (socket) => onConnection(socket, log));

  const waker = startSnoozeWaker(sql, log, options.snoozeCheckMs);
  const pusher = createPusher({ io, sql, election: redis?.election ?? soleSidecar, log, onSnoozed: waker.snoozed });
  const listening = await listenForNotifications({ databaseUrl: options.databaseUrl, sql, pusher, log, heartbeatMs: options.heartbeatMs });
  await new Promise<void>((resolve) => httpServer.listen(options.port, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  log.info('started', { port, redis: Boolean(redis), origins: [...allowed].join(',') });

  return {
    port,
    pusher,
    async close() {
      if (closing) return;
      closing = true;
      waker.stop();
      await listening.stop();
      await pusher.idle();
      for (const socket of io.of('/').sockets.values()) socket.data.endReason = 'shutdown';
      await io.close(); // disconnects every socket, then closes the HTTP server
      await redis?.close();
      log.info('stopped');
    },
  };
}

function onConnection(socket: RealtimeSocket, log: Logger): void {
  const { userId, expiresAt } = socket.data;
  void socket.join(userRoom(userId));
  log.info('connect', { user: userId, socket: socket.id, ip: socket.handshake.address, transport: socket.conn.transport.name });

  // When the session's token expires, drop the transport (not the socket.io session): the client
  // reconnects on its own with the browser's current cookie, which the app will have renewed if
  // the session is still alive, and is refused otherwise. Capped: setTimeout overflows past ~24 days.
  const expiry = setTimeout(() => {
    socket.data.endReason = 'session_expired';
    socket.conn.close();
  }, Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1));

  socket.on('disconnect', (reason) => {
    clearTimeout(expiry);
    log.info('disconnect', { user: userId, socket: socket.id, reason: socket.data.endReason ?? reason });
  });
}

function logReject(log: Logger, reason: RejectReason, fields: { ip?: string; user?: number; origin?: string }): void {
  log.warn('reject', { reason, ...fields });
}
