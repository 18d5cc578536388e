// From notifications to socket emits. Notifications are handled one batch at a time, in arrival
// order, so a user's alert:new and alerts:count arrive in the order their transactions committed
// and a later count never precedes an earlier one. A burst of committed events is handled as one
// batch (up to MAX_EVENTS_PER_BATCH) rather than one query each.
//
// Memory stays bounded however large the burst: a batch's alerts are read for the users who have a
// socket (the adapter knows which rooms exist, across sidecars with Redis) and streamed through a
// cursor in pages of `pageSize` rows; the queue holds at most `maxQueue` notifications, and what arrives beyond it is
// dropped and collapses into one alerts:count refresh per connected user once the queue has drained
// (the bell shows the exact count; its list is refetched when opened). Latency is bounded too: new
// alerts that have waited longer than `maxAgeMs` in the queue (a storm the sidecar fell behind on)
// collapse the same way, so the sidecar catches up with what is happening now instead of replaying
// minutes of old alerts one batch at a time.
import type { Server } from 'socket.io';
import { alertsByIds, alertsOfEvents, unreadCounts } from './alerts-query';
import type { AlertsChangedPayload } from '../core/pg-channels';
import type { Election } from './election';
import { userRoom, type ClientToServerEvents, type ServerToClientEvents } from './socket-events';
import { errorText, type Logger } from './logger';
import { connectedUserIds } from './rooms';
import type postgres from 'postgres';

const MAX_EVENTS_PER_BATCH = 200;
export const DEFAULT_PUSH_LIMITS = { pageSize: 2000, maxQueue: 10_000, maxAgeMs: 10_000 };
export type PushLimits = typeof DEFAULT_PUSH_LIMITS;

type Notice = { kind: 'event'; eventId: number; alerts?: number } | { kind: 'alerts'; change: AlertsChangedPayload };
type Job = Notice & { queuedAt: number };
type EventJob = Extract<Job, { kind: 'event' }>;

export interface Pusher {
  /** `alerts`: how many alerts the event wrote, when its notification says. */
  eventCommitted(eventId: number, alerts?: number): void;
  alertsChanged(change: AlertsChangedPayload): void;
  /** Resolves once everything queued so far is handled (shutdown, tests). */
  idle(): Promise<void>;
  /** Notifications received and not yet pushed (a metric). */
  queueLength(): number;
}

export interface PushDeps {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  sql: postgres.Sql;
  election: Election;
  log: Logger;
  /** Told, per alert pushed, the seconds from its commit to its emit (a metric). */
  pushed?: (secondsSinceCommit: number) => void;
  limits?: Partial<PushLimits>;
  /** Told of every snooze (before the election: each sidecar's waker then looks at the next due one). */
  onSnoozed?: () => void;
}

interface State {
  queue: Job[];
  /** Notifications were dropped since the last refresh. */
  overflowed: number;
}

export function createPusher(deps: PushDeps): Pusher {
  const limits = { ...DEFAULT_PUSH_LIMITS, ...deps.limits };
  const state: State = { queue: [], overflowed: 0 };
  let draining: Promise<void> | undefined;

  const enqueue = (notice: Notice) => {
    if (state.queue.length < limits.maxQueue) state.queue.push({ ...notice, queuedAt: performance.now() });
    else if (state.overflowed++ === 0)
      deps.log.warn('push queue full: later notifications collapse into a count refresh', { queue: limits.maxQueue });
    draining ??= drain(state, deps, limits).finally(() => (draining = undefined));
  };
  return {
    eventCommitted: (eventId, alerts) => enqueue({ kind: 'event', eventId, alerts }),
    alertsChanged: (change) => enqueue({ kind: 'alerts', change }),
    idle: async () => {
      while (draining) await draining;
    },
    queueLength: () => state.queue.length,
  };
}

async function drain(state: State, deps: PushDeps, limits: PushLimits): Promise<void> {
  const { queue } = state;
  while (queue.length > 0 || state.overflowed > 0) {
    dropStaleEvents(state, deps, limits);
    const events: EventJob[] = [];
    while (queue[0]?.kind === 'event' && events.length < MAX_EVENTS_PER_BATCH) events.push(queue.shift() as EventJob);
    const eventIds = events.map((e) => e.eventId);
    try {
      if (events.length > 0) await pushNewAlerts(events, deps, limits);
      else if (queue.length > 0) await pushAlertsChanged((queue.shift() as { change: AlertsChangedPayload }).change, deps);
      else {
        const dropped = state.overflowed;
        state.overflowed = 0;
        await refreshCounts(dropped, deps, limits);
      }
    } catch (error) {
      deps.log.error('push failed', { error: errorText(error), events: eventIds.join(',') || undefined });
    }
  }
}

/**
 * Drops the queued new-alert notifications older than `maxAgeMs` into the overflow (one count
 * refresh per connected user once the queue has drained). Changes to alerts (read, archived…) are
 * small and per user: they stay, in order.
 */
function dropStaleEvents(state: State, { log }: PushDeps, { maxAgeMs }: PushLimits): void {
  const cutoff = performance.now() - maxAgeMs;
  const oldest = state.queue.find((job) => job.kind === 'event');
  if (!oldest || oldest.queuedAt >= cutoff) return;
  const kept = state.queue.filter((job) => job.kind !== 'event' || job.queuedAt >= cutoff);
  const dropped = state.queue.length - kept.length;
  state.queue.splice(0, state.queue.length, ...kept);
  state.overflowed += dropped;
  log.warn('push queue behind: older notifications collapse into a count refresh', { dropped, maxAgeMs });
}

async function pushNewAlerts(events: EventJob[], { io, sql, election, log, pushed }: PushDeps, limits: PushLimits): Promise<void> {
  const claimed = await Promise.all(events.map(({ eventId }) => election.claim(`event:${eventId}`)));
  const mineEvents = events.filter((_, i) => claimed[i]);
  const mine = mineEvents.map((e) => e.eventId);
  if (mine.length === 0) return;
  const started = performance.now();
  // Undefined when the adapter could not tell (another sidecar did not answer): then everyone's.
  const userIds = await connectedUserIds(io).catch((error: unknown) => {
    log.warn('could not list the rooms: pushing to every user of the events', { error: errorText(error) });
    return undefined;
  });
  let alerts = 0;
  let pages = 0;
  if (userIds === undefined || userIds.length > 0) {
    const written = mineEvents.every((e) => e.alerts !== undefined) ? mineEvents.reduce((n, e) => n + e.alerts!, 0) : undefined;
    alerts = await alertsOfEvents(sql, mine, { userIds, pageSize: limits.pageSize, written }, (rows) => {
      pages++;
      for (const { userId, alert, unreadCount } of rows) {
        io.to(userRoom(userId)).emit('alert:new', { alert, unread_count: unreadCount });
        pushed?.((Date.now() - Date.parse(alert.created)) / 1000);
      }
    });
  }
  log.info('pushed', { events: mine.join(','), alerts, pages, ms: Math.round(performance.now() - started) });
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
  const [count] = await unreadCounts(sql, [change.u]);
  room.emit('alerts:count', { unread_count: count?.unreadCount ?? 0 });
  log.info('pushed', {
    user: change.u,
    read: change.r.length,
    deleted: change.d.length,
    unread: change.x.length,
    archived: change.a.length,
    snoozed: change.s.length,
    back: back.length,
  });
}

/**
 * After dropped notifications: the exact unread count to every user with a socket on this sidecar
 * (each sidecar dropped its own and refreshes its own sockets), `pageSize` users per query.
 */
async function refreshCounts(dropped: number, { io, sql, log }: PushDeps, limits: PushLimits): Promise<void> {
  const started = performance.now();
  const userIds = await connectedUserIds(io, { local: true });
  for (let i = 0; i < userIds.length; i += limits.pageSize) {
    for (const { userId, unreadCount } of await unreadCounts(sql, userIds.slice(i, i + limits.pageSize))) {
      io.local.to(userRoom(userId)).emit('alerts:count', { unread_count: unreadCount });
    }
  }
  log.info('refreshed counts', { dropped, users: userIds.length, ms: Math.round(performance.now() - started) });
}
