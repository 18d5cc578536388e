// From notifications to socket emits. Notifications are handled one batch at a time, in arrival
// order, so a user's alert:new and alerts:count arrive in the order their transactions committed
// and a later count never precedes an earlier one. A burst of committed events is loaded in one
// query (up to MAX_EVENTS_PER_BATCH) rather than one query each.
import type { Server } from 'socket.io';
import { alertsByIds, alertsOfEvents, unreadCount } from './alerts-query';
import type { AlertsChangedPayload } from './channels';
import type { Election } from './election';
import { userRoom, type ClientToServerEvents, type ServerToClientEvents } from './events';
import { errorText, type Logger } from './logger';
import type postgres from 'postgres';

const MAX_EVENTS_PER_BATCH = 200;

type Job = { kind: 'event'; eventId: number } | { kind: 'alerts'; change: AlertsChangedPayload };

export interface Pusher {
  eventCommitted(eventId: number): void;
  alertsChanged(change: AlertsChangedPayload): void;
  /** Resolves once everything queued so far is handled (shutdown, tests). */
  idle(): Promise<void>;
}

export interface PushDeps {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  sql: postgres.Sql;
  election: Election;
  log: Logger;
  /** Told of every snooze (before the election: each sidecar's waker then looks at the next due one). */
  onSnoozed?: () => void;
}

export function createPusher(deps: PushDeps): Pusher {
  const queue: Job[] = [];
  let draining: Promise<void> | undefined;

  const enqueue = (job: Job) => {
    queue.push(job);
    draining ??= drain(queue, deps).finally(() => (draining = undefined));
  };
  return {
    eventCommitted: (eventId) => enqueue({ kind: 'event', eventId }),
    alertsChanged: (change) => enqueue({ kind: 'alerts', change }),
    idle: async () => {
      while (draining) await draining;
    },
  };
}

async function drain(queue: Job[], deps: PushDeps): Promise<void> {
  while (queue.length > 0) {
    const eventIds: number[] = [];
    while (queue[0]?.kind === 'event' && eventIds.length < MAX_EVENTS_PER_BATCH) eventIds.push((queue.shift() as { eventId: number }).eventId);
    try {
      if (eventIds.length > 0) await pushNewAlerts(eventIds, deps);
      else await pushAlertsChanged((queue.shift() as { change: AlertsChangedPayload }).change, deps);
    } catch (error) {
      deps.log.error('push failed', { error: errorText(error), events: eventIds.join(',') || undefined });
    }
  }
}

async function pushNewAlerts(eventIds: number[], { io, sql, election, log }: PushDeps): Promise<void> {
  const claimed = await Promise.all(eventIds.map((id) => election.claim(`event:${id}`)));
  const mine = eventIds.filter((_, i) => claimed[i]);
  if (mine.length === 0) return;
  const started = performance.now();
  const rows = await alertsOfEvents(sql, mine);
  for (const { userId, alert, unreadCount } of rows) {
    io.to(userRoom(userId)).emit('alert:new', { alert, unread_count: unreadCount });
  }
  log.info('pushed', { events: mine.join(','), alerts: rows.length, ms: Math.round(performance.now() - started) });
}

async function pushAlertsChanged(change: AlertsChangedPayload, deps: PushDeps): Promise<void> {
  const { io, sql, election, log } = deps;
  if (change.s.length > 0) deps.onSnoozed?.();
  if (!(await election.claim(`alerts:${change.n}`))) return;
  const room = io.to(userRoom(change.u));
  if (change.r.length > 0) room.emit('alert:read', { ids: change.r });
  if (change.d.length > 0) room.emit('alert:read', { ids: change.d, deleted: true });
  if (change.x.length > 0) room.emit('alert:unread', { ids: change.x });
  if (change.a.length > 0) room.emit('alert:removed', { ids: change.a, reason: 'archived' });
  if (change.s.length > 0) room.emit('alert:removed', { ids: change.s, reason: 'snoozed' });
  // Alerts back in the bell are pushed whole, each with the count after it, like new ones.
  const back = await alertsByIds(sql, change.u, [...change.b, ...change.w]);
  const woken = new Set(change.w);
  for (const { alert, unreadCount: count } of back) {
    room.emit('alert:new', { alert, unread_count: count, back: woken.has(alert.id) ? 'snooze_ended' : 'unarchived' });
  }
  room.emit('alerts:count', { unread_count: await unreadCount(sql, change.u) });
  log.info('pushed', {
    user: change.u, read: change.r.length, deleted: change.d.length, unread: change.x.length, archived: change.a.length,
    snoozed: change.s.length, back: back.length,
  });
}
