// The web's side of "other tabs follow": after alerts are read or deleted (bell, alerts page,
// API), tell the sidecars, which push alert:read and alerts:count to the user's sockets.
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ALERTS_CHANNEL, alertsChangedPayloads, type AlertsChange } from '../core/pg-channels';

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
