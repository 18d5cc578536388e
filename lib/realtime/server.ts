// The sidecar: an HTTP server (GET /healthz) carrying socket.io, the handshake checks, the
// listener and, with Redis, the shared rooms. start → { port, close }.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { Server, type Socket } from 'socket.io';
import { createRealtimeMetrics, type RealtimeMetrics } from '../metrics/realtime';
import { scrape } from '../metrics/scrape';
import { soleSidecar } from './election';
import { userRoom, type ClientToServerEvents, type RejectReason, type ServerToClientEvents } from './socket-events';
import { authenticateHandshake, type HandshakeResult } from './handshake-auth';
import { listenForNotifications } from './listener';
import { errorText, type Logger } from './logger';
import { originAllowed } from './origins';
import { createPusher, type Pusher, type PushLimits } from './push';
import { connectRedis, type RedisLink } from './redis';
import { startSnoozeWaker } from './snooze-waker';
import { userSession } from './user-status';

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
  /** Bearer token of GET /metrics; without it the route is a 404. */
  metricsToken?: string;
  /** How often the listener checks that it still hears PostgreSQL (default 10 s). */
  heartbeatMs?: number;
  /** The push path's page size and queue bound (DEFAULT_PUSH_LIMITS). */
  pushLimits?: Partial<PushLimits>;
  /** REALTIME_HEALTH_SECRET: /healthz adds the socket count for `Authorization: Bearer <it>`; unset, never. */
  healthSecret?: string;
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
  sessionVersion: number;
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
      // Anyone may ask whether the sidecar is well; how many people are connected is the operator's.
      const details = bearerMatches(req.headers.authorization, options.healthSecret);
      res.end(JSON.stringify(details ? { ok, sockets: io.of('/').sockets.size } : { ok }));
      return;
    }
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      void scrape(metrics.registry, req.headers.authorization, options.metricsToken).then(({ status, contentType, body }) =>
        res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      );
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
      userSession: (userId) => userSession(sql, userId),
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
    socket.data.sessionVersion = result.sessionVersion;
    next();
  });

  io.on('connection', (socket) => onConnection(socket, log));

  const waker = startSnoozeWaker(sql, log, options.snoozeCheckMs);
  // `pushed` runs only once events arrive, after `metrics` below exists.
  const pusher = createPusher({
    io,
    sql,
    election: redis?.election ?? soleSidecar,
    log,
    limits: options.pushLimits,
    onSnoozed: waker.snoozed,
    pushed: (seconds) => metrics.pushLatency.observe(seconds),
  });
  const metrics: RealtimeMetrics = createRealtimeMetrics({
    sockets: () => io.of('/').sockets.size,
    queueLength: () => pusher.queueLength(),
  });
  const onSessionsRevoked = (userId: number) => {
    dropRevokedSockets(io, sql, userId, log).catch((error: unknown) =>
      log.error('session check failed', { user: userId, error: errorText(error) }),
    );
  };
  const listening = await listenForNotifications({
    databaseUrl: options.databaseUrl,
    sql,
    pusher,
    log,
    heartbeatMs: options.heartbeatMs,
    onSessionsRevoked,
  });
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
  const expiry = setTimeout(
    () => {
      socket.data.endReason = 'session_expired';
      socket.conn.close();
    },
    Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1),
  );

  socket.on('disconnect', (reason) => {
    clearTimeout(expiry);
    log.info('disconnect', { user: userId, socket: socket.id, reason: socket.data.endReason ?? reason });
  });
}

/**
 * This sidecar's sockets of the user whose session version no longer matches (signed out everywhere,
 * password changed) or who was deactivated or deleted: disconnected, and refused when they come back.
 * Every sidecar LISTENs, so each drops its own sockets; with Redis too, nothing crosses sidecars.
 */
async function dropRevokedSockets(io: RealtimeIo, sql: postgres.Sql, userId: number, log: Logger): Promise<void> {
  const ids = io.of('/').adapter.rooms.get(userRoom(userId));
  if (!ids?.size) return;
  const { status, sessionVersion } = await userSession(sql, userId);
  for (const id of [...ids]) {
    const socket = io.of('/').sockets.get(id);
    if (!socket || (status === 'active' && socket.data.sessionVersion === sessionVersion)) continue;
    socket.data.endReason = 'session_revoked';
    socket.disconnect(true);
  }
  log.info('sessions revoked', { user: userId, status });
}

function logReject(log: Logger, reason: RejectReason, fields: { ip?: string; user?: number; origin?: string }): void {
  log.warn('reject', { reason, ...fields });
}

/** Whether the header is `Bearer <secret>`, compared in constant time; never without a secret. */
function bearerMatches(header: string | undefined, secret: string | undefined): boolean {
  if (!secret || !header?.startsWith('Bearer ')) return false;
  const given = crypto.createHash('sha256').update(header.slice(7)).digest();
  return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(secret).digest());
}
