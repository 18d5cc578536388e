// Realtime test helpers: session cookies as next-auth writes them, an in-process sidecar on a
// free port, and socket.io clients that connect (or fail to) with a given cookie and Origin.
import crypto from 'node:crypto';
import { encode, type JWT } from 'next-auth/jwt';
import { io as connectClient, type Socket } from 'socket.io-client';
import { sqlClient } from '../../lib/db/client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/realtime/socket-events';
import type { Logger, LogFields } from '../../lib/realtime/logger';
import type { PushLimits } from '../../lib/realtime/push';
import { startRealtimeServer, type RealtimeServer } from '../../lib/realtime/server';

export const SECRET = crypto.randomBytes(32).toString('base64');
export const APP_ORIGIN = 'http://localhost:3000';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The encrypted session token next-auth would put in the cookie for this user. */
export function sessionToken(userId: number, options: { secret?: string; maxAge?: number; claims?: JWT } = {}): Promise<string> {
  return encode({
    token: { sub: String(userId), name: `user${userId}`, ...options.claims },
    secret: options.secret ?? SECRET,
    maxAge: options.maxAge ?? 3600,
  });
}

export async function sessionCookie(userId: number, options: Parameters<typeof sessionToken>[1] & { name?: string } = {}): Promise<string> {
  return `${options.name ?? 'next-auth.session-token'}=${await sessionToken(userId, options)}`;
}

export interface LogLine extends LogFields {
  level: string;
  msg: string;
}

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      void lines.push({ level, msg, ...fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export async function startSidecar(
  options: {
    redisUrl?: string;
    redisKeyPrefix?: string;
    log?: Logger;
    heartbeatMs?: number;
    pushLimits?: Partial<PushLimits>;
    metricsToken?: string;
    healthSecret?: string;
    snoozeCheckMs?: number;
  } = {},
): Promise<RealtimeServer & { log: Logger }> {
  const log = options.log ?? memoryLogger();
  const server = await startRealtimeServer({
    port: 0,
    secret: SECRET,
    allowedOrigins: [APP_ORIGIN],
    sql: sqlClient(),
    databaseUrl: process.env.DATABASE_URL!,
    log,
    redisUrl: options.redisUrl,
    redisKeyPrefix: options.redisKeyPrefix,
    heartbeatMs: options.heartbeatMs,
    pushLimits: options.pushLimits,
    metricsToken: options.metricsToken,
    healthSecret: options.healthSecret,
    snoozeCheckMs: options.snoozeCheckMs,
  });
  return { ...server, log };
}

export interface ConnectOptions {
  cookie?: string;
  origin?: string | null;
  transports?: ('websocket' | 'polling')[];
  headers?: Record<string, string>;
}

/** A client with the handshake headers a browser on the app's page would send, not yet connected. */
export function client(port: number, options: ConnectOptions = {}): ClientSocket {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? APP_ORIGIN : options.origin;
  if (origin) headers.origin = origin;
  return connectClient(`http://127.0.0.1:${port}`, {
    transports: options.transports ?? ['websocket'],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
}

/** Connects; resolves with the socket, or rejects with the connect_error (its `data.reason` when the sidecar gave one). */
export function connect(port: number, options: ConnectOptions = {}): Promise<ClientSocket> {
  const socket = client(port, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.connect();
  });
}

/** The reason a handshake was refused: the sidecar's `data.reason`, or the transport error when refused before socket.io (Origin). */
export async function refusal(port: number, options: ConnectOptions = {}): Promise<string> {
  try {
    const socket = await connect(port, options);
    socket.close();
    return 'connected';
  } catch (error) {
    const { data, message } = error as Error & { data?: { reason?: string } };
    return data?.reason ?? message;
  }
}

/** Records every payload of one event on a socket. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  // socket.io's typed `on` cannot take a generic event name; the payload type is restored above.
  (socket as unknown as { on(event: string, fn: (payload: never) => void): void }).on(event, (payload: never) => void seen.push(payload));
  return seen;
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
