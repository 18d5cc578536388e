// `npm run bench -- plans`: the plans of what runs per cascade, per page view of the delivery log and
// per retention batch, on a deliveries table with enough rows that a sequential scan would show:
// EXPLAIN (ANALYZE, BUFFERS) of each (deletes in a transaction rolled back), and a failure when a
// plan does not use its index. The delivery log's statements are the ones listDeliveries() sends,
// captured from the driver. Options: --rows 300000   --smoke (30,000 rows)
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sqlClient } from '../../lib/db/client';
import * as schema from '../../lib/db/schema';
import { listDeliveries, type DeliveryFilter } from '../../lib/delivery/delivery-log';

/** `index`: the index the statement must use, or any of several that serve its condition. */
interface Plan {
  name: string;
  index: string | string[];
  query: string;
  params: unknown[];
}

const log = (line: string) => console.log(`[bench plans] ${line}`);

export default async function plans(args: string[]): Promise<void> {
  const i = args.indexOf('--rows');
  const rows = i >= 0 ? Number(args[i + 1]) : args.includes('--smoke') ? 30_000 : 300_000;
  const sql = sqlClient();
  const ids = await fill(sql, rows);
  const checks: Plan[] = [
    // PostgreSQL 18 may skip-scan (status, user_id) instead: an index walk on user_id all the same.
    {
      name: 'cascade of a deleted user',
      index: ['deliveries_user_idx', 'deliveries_status_user_idx'],
      query: 'delete from only deliveries where $1 = user_id',
      params: [ids.user],
    },
    {
      name: 'cascade of a deleted product (its own destinations)',
      index: 'deliveries_destination_product_idx',
      query: 'delete from only deliveries where $1 = destination_product_id',
      params: [ids.product],
    },
    {
      name: 'cascade of a deleted webhook endpoint',
      index: 'deliveries_webhook_endpoint_idx',
      query: 'delete from only deliveries where $1 = webhook_endpoint_id',
      params: [ids.endpoint],
    },
    {
      name: 'cascade of a deleted event (retention) to its deliveries',
      index: 'deliveries_event_idx',
      query: 'delete from only deliveries where $1 = event_id',
      params: [ids.event],
    },
    {
      name: 'cascade of a deleted event to the outbox',
      index: 'outbox_emails_event_idx',
      query: 'delete from only outbox_emails where $1 = event_id',
      params: [ids.event],
    },
    { ...(await logQuery({})), name: 'the delivery log, unfiltered, first page', index: 'deliveries_created_idx' },
    { ...(await logQuery({ status: 'dead' })), name: 'the delivery log, dead only', index: 'deliveries_log_idx' },
    {
      ...(await logQuery({ eventType: 'risk_acceptance_expiration' })),
      name: 'the delivery log, one (rare) event type',
      index: 'notification_events_type_idx',
    },
  ];
  const failures: string[] = [];
  for (const check of checks) {
    const plan = await explain(sql, check);
    const indexes = [check.index].flat();
    console.log(`\n${check.name} (expects ${indexes.join(' or ')})\n${plan.replace(/^/gm, '  ')}`);
    if (!indexes.some((index) => new RegExp(`\\b${index}\\b`).test(plan)))
      failures.push(`${check.name}: does not use ${indexes.join(' or ')}`);
  }
  if (failures.length > 0) throw new Error(`plans: ${failures.join('; ')}`);
  console.log(`\nplans: every statement uses its index (${rows.toLocaleString('en')} deliveries)`);
}

/** Deliveries over events of mostly common types, users, products and endpoints; vacuumed and analyzed. */
async function fill(sql: postgres.Sql, rows: number) {
  log(`filling ${rows.toLocaleString('en')} deliveries…`);
  const events = Math.ceil(rows / 10);
  await sql`insert into users (username, email, password_hash)
    select 'plan' || i, 'plan' || i || '@example.com', 'x' from generate_series(1, ${Math.ceil(rows / 100)}) i`;
  await sql`
    with t as (insert into product_types (name) values ('Plans') returning id)
    insert into products (name, prod_type_id) select 'Plans ' || i, t.id from t, generate_series(1, 50) i`;
  await sql`insert into webhook_endpoints (name, url) select 'Hook ' || i, 'https://example.com/' || i from generate_series(1, 10) i`;
  await sql`
    insert into notification_events (type, title, created_at)
    select case when i % 1000 = 0 then 'risk_acceptance_expiration' when i % 2 = 0 then 'scan_added' else 'engagement_added' end,
      'Event ' || i, now() - make_interval(secs => ${events} - i)
    from generate_series(1, ${events}) i`;
  // Per event: 8 personal mail jobs, one shared Teams job (a product's own destination), one webhook.
  await sql`
    with u as (select array_agg(id) as ids from users), p as (select array_agg(id) as ids from products),
    w as (select array_agg(id) as ids from webhook_endpoints)
    insert into deliveries (event_id, channel, kind, user_id, destination_product_id, webhook_endpoint_id, addresses, status, created_at)
    select e.id,
      (case when k < 8 then 'mail' when k = 8 then 'msteams' else 'webhooks' end)::delivery_channel,
      (case when k < 8 then 'personal' else 'shared' end)::delivery_kind,
      case when k < 8 then u.ids[1 + (e.id * 8 + k) % array_length(u.ids, 1)] end,
      case when k = 8 then p.ids[1 + e.id % array_length(p.ids, 1)] end,
      case when k = 9 then w.ids[1 + e.id % array_length(w.ids, 1)] end,
      case when k < 8 then array['x@example.com'] end,
      (case when e.id % 20 = 0 then 'dead' when e.id % 20 = 1 then 'pending' else 'sent' end)::delivery_status,
      e.created_at
    from notification_events e, generate_series(0, 9) k, u, p, w`;
  await sql`
    insert into outbox_emails (delivery_id, event_id, event_type, "from", "to", subject, html, text)
    select d.id, d.event_id, 'scan_added', 'a@example.com', d.addresses, 'Subject', '<p>x</p>', 'x'
    from deliveries d where d.channel = 'mail' and d.event_id % 10 = 0`;
  log('vacuum analyze…');
  for (const table of ['deliveries', 'notification_events', 'outbox_emails', 'users', 'products', 'webhook_endpoints']) {
    await sql.unsafe(`vacuum analyze ${table}`);
  }
  const [ids] = await sql<{ user: number; product: number; endpoint: number; event: string }[]>`
    select (select min(id) from users) as user, (select min(id) from products) as product,
      (select min(id) from webhook_endpoints) as endpoint, (select max(id)::text from notification_events where id % 10 = 0) as event`;
  return ids!;
}

/** The statement listDeliveries() sends for this filter, captured from a client of its own. */
async function logQuery(filter: DeliveryFilter): Promise<{ query: string; params: unknown[] }> {
  let captured: { query: string; params: unknown[] } | undefined;
  const client = postgres(process.env.DATABASE_URL!, {
    max: 1,
    onnotice: () => {},
    debug: (_, query, params) => {
      if (/from deliveries d/.test(query)) captured = { query, params: [...params] };
    },
  });
  try {
    await listDeliveries(drizzle(client, { schema, casing: 'snake_case' }), { isSuperuser: true }, filter);
  } finally {
    await client.end({ timeout: 5 });
  }
  if (!captured) throw new Error('listDeliveries sent no statement');
  return captured;
}

/** EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back: deletes delete nothing. */
async function explain(sql: postgres.Sql, plan: Plan): Promise<string> {
  let text = '';
  await sql
    .begin(async (tx) => {
      const rows = await tx.unsafe(`explain (analyze, buffers, costs off) ${plan.query}`, plan.params as postgres.ParameterOrJSON<never>[]);
      text = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return text;
}

class Rollback extends Error {}
