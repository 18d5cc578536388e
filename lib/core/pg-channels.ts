// The PostgreSQL NOTIFY channels, named once for the web (which notifies), the worker and the sidecar
// (which listen), and the payload of the alerts one.
import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * Written by notify() at commit (lib/notifications/notify.ts). The payload is the event id and the
 * number of alerts it wrote, `123:100` (the sidecar picks its read by it); a bare id is read too.
 */
export const EVENTS_CHANNEL = 'tocsin_events';

export interface EventCommitted {
  eventId: number;
  /** The alerts the event wrote; undefined when the notification did not say. */
  alerts?: number;
}

export const eventsPayload = ({ eventId, alerts }: Required<EventCommitted>) => `${eventId}:${alerts}`;

/** The tocsin_events payload, or null when it is not one. */
export function parseEventsPayload(payload: string): EventCommitted | null {
  const match = /^(\d{1,15})(?::(\d{1,9}))?$/.exec(payload);
  const eventId = Number(match?.[1]);
  if (!match || eventId <= 0) return null;
  return match[2] === undefined ? { eventId } : { eventId, alerts: Number(match[2]) };
}

/** Written by publishAlertsChanged() (lib/notifications/publish-alerts-changed.ts) when a user's alerts are read, unread, archived, snoozed, restored or deleted. */
export const ALERTS_CHANNEL = 'tocsin_alerts';

/** Written by revokeSessions() (lib/auth/session-version.ts); the payload is the user id. */
export const SESSIONS_CHANNEL = 'tocsin_sessions';

/** Written when an admin retries deliveries (lib/delivery/delivery-log.ts); wakes the workers' delivery loops. */
export const DELIVERIES_CHANNEL = 'tocsin_deliveries';

/**
 * The tocsin_alerts payload, short keys because NOTIFY payloads are capped at 8000 bytes:
 *   n: a unique id of this notification (the election key with several sidecars)
 *   u: the user whose alerts changed
 *   r: ids read        d: ids deleted     x: ids marked unread
 *   a: ids archived    s: ids snoozed     b: ids back in the bell (unarchived)   w: ids woken (snooze ended)
 */
const ids = () => z.array(z.number().int().positive()).default([]);
export const alertsChangedPayload = z.object({
  n: z.string().min(1).max(64),
  u: z.number().int().positive(),
  r: ids(),
  d: ids(),
  x: ids(),
  a: ids(),
  s: ids(),
  b: ids(),
  w: ids(),
});
const ID_KEYS = ['r', 'd', 'x', 'a', 's', 'b', 'w'] as const;
type IdKey = (typeof ID_KEYS)[number];
export type AlertsChangedPayload = z.infer<typeof alertsChangedPayload>;

/** PostgreSQL refuses payloads of 8000 bytes or more; publishers split below this. */
export const MAX_PAYLOAD_BYTES = 7500;

export interface AlertsChange {
  readIds?: readonly number[];
  deletedIds?: readonly number[];
  unreadIds?: readonly number[];
  archivedIds?: readonly number[];
  snoozedIds?: readonly number[];
  unarchivedIds?: readonly number[];
  wokenIds?: readonly number[];
}

const KEY_OF: Record<keyof AlertsChange, IdKey> = {
  readIds: 'r',
  deletedIds: 'd',
  unreadIds: 'x',
  archivedIds: 'a',
  snoozedIds: 's',
  unarchivedIds: 'b',
  wokenIds: 'w',
};

/** The payloads for one change, each below MAX_PAYLOAD_BYTES; none when nothing changed. */
export function alertsChangedPayloads(userId: number, change: AlertsChange): AlertsChangedPayload[] {
  const payloads: AlertsChangedPayload[] = [];
  let current = empty(userId);
  let size = JSON.stringify(current).length;
  const add = (key: IdKey, id: number) => {
    const cost = String(id).length + 1;
    if (size + cost > MAX_PAYLOAD_BYTES) {
      payloads.push(current);
      current = empty(userId);
      size = JSON.stringify(current).length;
    }
    current[key].push(id);
    size += cost;
  };
  for (const [field, key] of Object.entries(KEY_OF) as [keyof AlertsChange, IdKey][]) {
    for (const id of change[field] ?? []) add(key, id);
  }
  if (ID_KEYS.some((key) => current[key].length > 0)) payloads.push(current);
  return payloads;
}

const empty = (userId: number): AlertsChangedPayload => ({
  n: crypto.randomUUID(),
  u: userId,
  r: [],
  d: [],
  x: [],
  a: [],
  s: [],
  b: [],
  w: [],
});
