// An event grouped into the unread alerts of every recipient (§4b.5) finds each one with one lookup:
// the fan-out's work grows with the recipients, not with their square. Before, a join of the routes
// and the grouped alerts, each estimated at one row, ran as a nested loop comparing every recipient
// with every alert (10,100 comparisons for 101 recipients, a million for 1,000).
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@/lib/db/schema';
import { notify } from '@/lib/notifications/notify';
import { previewRecipients } from '@/lib/notifications/preview';
import { makeProductType, makeProgram } from '../support/fixtures';
import { resetWorld } from '../support/notifications';

const RECIPIENTS = 150;
let sql: postgres.Sql;
let captured: { query: string; params: unknown[] }[] = [];
let testId: number;

beforeAll(async () => {
  await resetWorld();
  sql = postgres(process.env.DATABASE_URL!, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => void captured.push({ query, params: params as unknown[] }),
  });
  const program = await makeProgram((await makeProductType()).id);
  testId = program.test.id;
  await sql`insert into users (username, email, password_hash)
    select 'grouped' || i, 'grouped' || i || '@example.com', 'unused' from generate_series(1, ${RECIPIENTS}) i`;
  await sql`insert into product_members (product_id, user_id, role)
    select ${program.product.id}, id, 'Reader' from users where username like 'grouped%'`;
  await notify({ type: 'scan_added', title: 'First scan', test: testId });
  await sql`analyze`;
});
afterAll(async () => {
  await sql?.end();
});

/** Every node of a JSON plan, its subplans and CTEs included. */
function nodesOf(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(nodesOf)];
}

/** EXPLAIN ANALYZE of the captured statement that mentions `marker`, rolled back. */
async function analyzed(marker: string): Promise<Record<string, unknown>[]> {
  const statement = captured.find((c) => c.query.includes(marker));
  expect(statement, marker).toBeDefined();
  let nodes: Record<string, unknown>[] = [];
  await sql
    .begin(async (tx) => {
      const [row] = await tx.unsafe(`explain (analyze, format json) ${statement!.query}`, statement!.params as never[]);
      nodes = nodesOf((row!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan);
      throw new Error('rolled back');
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message === 'rolled back')) throw error;
    });
  return nodes;
}

/** Rows a join compared and threw away: a nested loop that compares every row with every other shows here. */
const comparisons = (nodes: Record<string, unknown>[]) =>
  nodes.reduce((n, node) => n + Number(node['Rows Removed by Join Filter'] ?? 0), 0);

describe('an event grouped into every recipient’s unread alert', () => {
  it('updates each alert once, and its joins compare fewer rows than it has recipients', async () => {
    captured = [];
    const database = drizzle(sql, { schema, casing: 'snake_case' });
    const second = await notify({ type: 'scan_added', title: 'Second scan', test: testId }, database);
    const grouped = await sql<{ count: number }[]>`
      select count(*)::int as count from alerts where event_id = ${second.eventId} and cardinality(event_ids) = 2`;
    expect(grouped[0]!.count).toBe(RECIPIENTS);
    expect(await sql`select 1 from alerts group by user_id having count(*) > 1`).toHaveLength(0);

    const nodes = await analyzed('alert_routes');
    const update = nodes.find((node) => node['Node Type'] === 'ModifyTable' && node.Operation === 'Update');
    expect(update?.['Actual Rows']).toBe(RECIPIENTS);
    expect(comparisons(nodes)).toBeLessThan(RECIPIENTS);
  });

  it('the preview finds the alert each recipient’s event would update the same way', async () => {
    captured = [];
    const database = drizzle(sql, { schema, casing: 'snake_case' });
    const preview = await previewRecipients({ type: 'scan_added', title: 'Third scan', test: testId }, database);
    const groups = preview.recipients.filter((r) => r.groupsInto?.count === 3);
    expect(groups).toHaveLength(RECIPIENTS);
    expect(comparisons(await analyzed('personal_routes'))).toBeLessThan(RECIPIENTS);
  });
});
