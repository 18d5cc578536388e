// The settings every connection of the pool starts with. JIT compilation is off: PostgreSQL would
// otherwise compile the fan-out and the sidecar's reads (their per-row subplans make them look
// costly), about 100 ms on every event's way to the bell for statements that run in a few. The
// sidecar's own client plans each run: a generic plan kept from when a table was small scans it
// whole for good.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, openSqlClient, sqlClient } from '@/lib/db/client';

describe('a connection of the pool', () => {
  it('has JIT off, on every connection, whatever the server default', async () => {
    const client = sqlClient();
    const [server] = await client`select boot_val from pg_settings where name = 'jit'`;
    expect(server!.boot_val).toBe('on'); // the server's default, which the pool overrides
    const settings = await Promise.all(Array.from({ length: 10 }, () => client.begin(async (tx) => (await tx`show jit`)[0]!.jit)));
    expect(new Set(settings)).toEqual(new Set(['off']));
    const [row] = await db().execute<{ jit: string; app: string }>(
      sql`select current_setting('jit') as jit, current_setting('application_name') as app`,
    );
    expect(row).toEqual({ jit: 'off', app: 'tocsin' });
  });

  it('plans a statement costly enough for JIT without it', async () => {
    // Planned, not run: PostgreSQL shows its JIT plan (a "JIT" entry) when it would compile.
    const [plan] = await sqlClient()`explain (format json) select count(*) from generate_series(1, 100000000) g where g % 7 = 3`;
    const [top] = plan!['QUERY PLAN'] as { Plan: { 'Total Cost': number }; JIT?: unknown }[];
    expect(top!.Plan['Total Cost']).toBeGreaterThan(100_000);
    expect(top!.JIT).toBeUndefined();
  });

  it("the sidecar's client plans each run of a prepared statement for its values: none keeps a generic plan made on an empty table", async () => {
    const client = openSqlClient(process.env.DATABASE_URL!, { keyedReads: true });
    await client`create table plan_probe (id bigserial primary key, user_id int not null, read_at timestamptz)`;
    await client`create index plan_probe_unread on plan_probe (user_id) where read_at is null`;
    await client`analyze plan_probe`;
    const connection = await client.reserve();
    try {
      // Ten runs while the table is empty: PostgreSQL's default would switch to a generic plan after
      // five (a sequential scan, free on an empty table) and keep it once the table has grown.
      for (let user = 1; user <= 10; user++)
        await connection`select count(*)::int as n from plan_probe where user_id = ${user} and read_at is null`;
      await connection`insert into plan_probe (user_id) select g % 100 from generate_series(1, 20000) g`;
      const [counted] = await connection`select count(*)::int as n from plan_probe where user_id = ${7} and read_at is null`;
      expect(counted!.n).toBe(200);
      const [statement] = await connection<{ generic: number; custom: number }[]>`
        select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
        where statement like 'select count(*)::int as n from plan_probe%'`;
      expect(statement).toEqual({ generic: 0, custom: 11 });
      const [jit] = await connection`show jit`;
      expect(jit!.jit).toBe('off');
      const [pageCost] = await connection`show random_page_cost`;
      expect(pageCost!.random_page_cost).toBe('1.1'); // its reads are key lookups of rows in memory
      // Hand-written SQL behaves as on the pool: JSON text bound to ::jsonb is read as JSON (the
      // snooze waker's NOTIFY payloads), dates come back as text.
      const [typed] = await connection<{ ids: unknown; at: unknown }[]>`
        select ${JSON.stringify([1, 2])}::jsonb as ids, '2026-01-02T03:04:05Z'::timestamptz as at`;
      expect(typed!.ids).toEqual([1, 2]);
      expect(typeof typed!.at).toBe('string');
    } finally {
      connection.release();
      await client`drop table plan_probe`;
      await client.end();
    }
  });
});
