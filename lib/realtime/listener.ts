// One LISTEN connection per sidecar, for both channels: a client of its own (postgres.js opens
// one dedicated connection for all of a client's listens), named `tocsin-realtime-listen` in
// pg_stat_activity. When the connection drops, postgres.js reconnects (retrying with backoff
// while the database refuses) and LISTENs again; TCP keepalive ends a half-open connection.
//
// A heartbeat tells whether it hears: every `heartbeatMs` the sidecar NOTIFYs a channel of its
// own through the pool. While its pings do not come back, /healthz answers 503 so that a load
// balancer sends new sockets elsewhere. It does not replace the client itself: a replaced
// postgres.js client can still reconnect from a pending retry and deliver every NOTIFY twice.
import crypto from 'node:crypto';
import postgres from 'postgres';
import { ALERTS_CHANNEL, alertsChangedPayload, EVENTS_CHANNEL, parseEventsPayload, SESSIONS_CHANNEL } from '../core/pg-channels';
import type { Logger } from './logger';
import type { Pusher } from './push';

export interface Listening {
  /** False while the sidecar's own pings do not come back: it hears nothing. */
  healthy(): boolean;
  stop(): Promise<void>;
}

export interface ListenerDeps {
  databaseUrl: string;
  /** The pool, to send the heartbeat through. */
  sql: postgres.Sql;
  pusher: Pusher;
  log: Logger;
  heartbeatMs?: number;
  /** A user's sessions were revoked or the user deactivated (tocsin_sessions): drop their sockets. */
  onSessionsRevoked?: (userId: number) => void;
}

export async function listenForNotifications({
  databaseUrl,
  sql,
  pusher,
  log,
  heartbeatMs = 10_000,
  onSessionsRevoked,
}: ListenerDeps): Promise<Listening> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'tocsin-realtime-listen' } });
  const pingChannel = `tocsin_realtime_ping_${crypto.randomBytes(6).toString('hex')}`;
  let lastPing = Date.now();
  const healthy = () => Date.now() - lastPing < heartbeatMs * 2.5;

  const heard = new Set<string>();
  // Called on every (re)connect; NOTIFYs sent while the connection was down are lost, which is
  // why the bell refetches on reconnect and the database, not the push, is the truth.
  const onListen = (channel: string) => () => {
    if (heard.has(channel)) log.warn('listener reconnected: notifications sent while it was down were not pushed', { channel });
    heard.add(channel);
  };

  await Promise.all([
    client.listen(
      EVENTS_CHANNEL,
      (payload) => {
        const event = parseEventsPayload(payload);
        if (event) pusher.eventCommitted(event.eventId, event.alerts);
        else log.warn('ignored a malformed notification', { channel: EVENTS_CHANNEL });
      },
      onListen(EVENTS_CHANNEL),
    ),
    client.listen(
      ALERTS_CHANNEL,
      (payload) => {
        const parsed = alertsChangedPayload.safeParse(safeJson(payload));
        if (parsed.success) pusher.alertsChanged(parsed.data);
        else log.warn('ignored a malformed notification', { channel: ALERTS_CHANNEL });
      },
      onListen(ALERTS_CHANNEL),
    ),
    client.listen(
      SESSIONS_CHANNEL,
      (payload) => {
        const userId = Number(payload);
        if (Number.isSafeInteger(userId) && userId > 0) onSessionsRevoked?.(userId);
        else log.warn('ignored a malformed notification', { channel: SESSIONS_CHANNEL });
      },
      onListen(SESSIONS_CHANNEL),
    ),
    client.listen(pingChannel, () => (lastPing = Date.now())),
  ]);
  log.info('listening', { channels: `${EVENTS_CHANNEL},${ALERTS_CHANNEL},${SESSIONS_CHANNEL}` });

  let wasHealthy = true;
  const heartbeat = setInterval(() => {
    sql.notify(pingChannel, '').catch(() => {}); // fails too while the database is down
    if (healthy() !== wasHealthy) {
      wasHealthy = !wasHealthy;
      if (wasHealthy) log.info('listener hears again');
      else log.error('listener deaf: its heartbeat does not come back');
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    healthy,
    async stop() {
      clearInterval(heartbeat);
      await client.end({ timeout: 1 });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
