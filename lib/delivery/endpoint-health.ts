// What admins see of each webhook endpoint: its last success and failure, the failures in a row;
// and an endpoint that answered 410 Gone is switched off, as Standard Webhooks asks.
import { sql } from 'drizzle-orm';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import type { Result } from '../core/result';
import { maskedWebhookUrl, type StoredWebhookUrl } from './webhook-url';

export interface EndpointAttempt {
  endpointId: number;
  ok: boolean;
  error?: string;
  statusCode?: number | null;
  /** 410 Gone: the receiver asked us to stop. */
  disable?: boolean;
}

/** Folds a batch's attempts into the endpoints' health, in one statement (and one more for any 410). */
export async function recordEndpointAttempts(db: Executor, attempts: readonly EndpointAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  // Per endpoint: successes and failures of this batch, and the last failure's error.
  const byEndpoint = new Map<
    number,
    { successes: number; failures: number; failuresSinceSuccess: number; error: string | null; status: number | null }
  >();
  for (const a of attempts) {
    const entry = byEndpoint.get(a.endpointId) ?? { successes: 0, failures: 0, failuresSinceSuccess: 0, error: null, status: null };
    if (a.ok) {
      entry.successes += 1;
      entry.failuresSinceSuccess = 0;
    } else {
      entry.failures += 1;
      entry.failuresSinceSuccess += 1;
      entry.error = a.error ?? null;
      entry.status = a.statusCode ?? null;
    }
    byEndpoint.set(a.endpointId, entry);
  }
  const rows = [...byEndpoint].map(([endpoint_id, e]) => ({
    endpoint_id,
    successes: e.successes,
    failures: e.failures,
    failures_since_success: e.failuresSinceSuccess,
    error: e.error,
    status: e.status,
  }));
  await db.execute(sql`
    insert into webhook_endpoint_health as h (endpoint_id, last_success_at, last_failure_at, last_error, last_status_code, consecutive_failures)
    select r.endpoint_id,
      case when r.successes > 0 then now() end,
      case when r.failures > 0 then now() end,
      r.error, r.status, r.failures_since_success
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r (endpoint_id int, successes int, failures int, failures_since_success int, error text, status int)
    where exists (select 1 from webhook_endpoints w where w.id = r.endpoint_id)
    on conflict (endpoint_id) do update set
      last_success_at = coalesce(excluded.last_success_at, h.last_success_at),
      last_failure_at = coalesce(excluded.last_failure_at, h.last_failure_at),
      last_error = coalesce(excluded.last_error, h.last_error),
      last_status_code = coalesce(excluded.last_status_code, h.last_status_code),
      -- With a success in this batch, count only the failures after it; else add them up.
      consecutive_failures = case when excluded.last_success_at is not null then excluded.consecutive_failures
        else h.consecutive_failures + excluded.consecutive_failures end,
      updated_at = now()`);
  const gone = [...new Set(attempts.filter((a) => a.disable).map((a) => a.endpointId))];
  if (gone.length > 0) {
    await db.execute(sql`update webhook_endpoints set enabled = false where id = any(${`{${gone.join(',')}}`}::int[])`);
  }
}

export interface EndpointHealthRow {
  id: number;
  name: string;
  /** Masked: scheme and host (lib/delivery/webhook-url.ts). */
  url: string;
  enabled: boolean;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  consecutiveFailures: number;
}

/** Every endpoint with its health, for the admin pages (no secret: only whether one is set elsewhere). */
export async function listEndpointHealth(db: Executor, actor: AdminActor): Promise<Result<EndpointHealthRow[]>> {
  return superusersOnly(actor, () => endpointHealthRows(db));
}

async function endpointHealthRows(db: Executor): Promise<EndpointHealthRow[]> {
  const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  type Stored = Omit<EndpointHealthRow, 'url'> & StoredWebhookUrl & Record<string, unknown>;
  const rows = await db.execute<Stored>(sql`
    select w.id, w.name, w.url, w.url_encrypted as "urlEncrypted", w.enabled, ${iso('h.last_success_at')} as "lastSuccessAt", ${iso('h.last_failure_at')} as "lastFailureAt",
      h.last_error as "lastError", h.last_status_code as "lastStatusCode", coalesce(h.consecutive_failures, 0) as "consecutiveFailures"
    from webhook_endpoints w left join webhook_endpoint_health h on h.endpoint_id = w.id
    order by w.name, w.id`);
  return rows.map(({ url, urlEncrypted, ...row }) => ({ ...row, url: maskedWebhookUrl({ url, urlEncrypted }) }));
}
