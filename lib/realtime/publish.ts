// The web's side of "other tabs follow": after alerts are read or deleted (bell, alerts page,
// API), tell the sidecars, which push alert:read and alerts:count to the user's sockets.
import 'server-only';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ALERTS_CHANNEL, MAX_PAYLOAD_BYTES, type AlertsChangedPayload } from './channels';

export interface AlertsChange {
  readIds?: readonly number[];
  deletedIds?: readonly number[];
}

/**
 * NOTIFY tocsin_alerts with the user's changed alert ids. Call it with the transaction that
 * changed them: PostgreSQL delivers the notification at commit, and not at all on rollback.
 * Large changes ("mark all read") are split into several notifications under the 8000-byte
 * payload limit, sent in one statement.
 */
export async function publishAlertsChanged(executor: Executor, userId: number, change: AlertsChange): Promise<void> {
  const payloads = alertsChangedPayloads(userId, change).map((payload) => JSON.stringify(payload));
  if (payloads.length === 0) return;
  // Each payload is unique (its `n`): PostgreSQL folds identical notifications of one transaction into one.
  await executor.execute(sql`select pg_notify(${ALERTS_CHANNEL}, payload)
    from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as p(payload)`);
}

/** The payloads for one change, each below MAX_PAYLOAD_BYTES; none when nothing changed. */
export function alertsChangedPayloads(userId: number, change: AlertsChange): AlertsChangedPayload[] {
  const payloads: AlertsChangedPayload[] = [];
  let current = empty(userId);
  let size = JSON.stringify(current).length;
  const add = (key: 'r' | 'd', id: number) => {
    const cost = String(id).length + 1;
    if (size + cost > MAX_PAYLOAD_BYTES) {
      payloads.push(current);
      current = empty(userId);
      size = JSON.stringify(current).length;
    }
    current[key].push(id);
    size += cost;
  };
  for (const id of change.readIds ?? []) add('r', id);
  for (const id of change.deletedIds ?? []) add('d', id);
  if (current.r.length + current.d.length > 0) payloads.push(current);
  return payloads;
}

const empty = (userId: number): AlertsChangedPayload => ({ n: crypto.randomUUID(), u: userId, r: [], d: [] });
