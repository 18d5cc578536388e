// The settings every connection of the pool starts with. JIT compilation is off: PostgreSQL would
// otherwise compile the fan-out and the sidecar's reads (their per-row subplans make them look
// costly), about 100 ms on every event's way to the bell for statements that run in a few.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, sqlClient } from '@/lib/db/client';

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
});
