import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { productTypeViewerIds, productViewerIds } from '@/lib/auth/authorization';
import { db } from '@/lib/db/client';
import { DEMO_USERS, seedDemo } from '@/lib/launcher/demo-seed';
import { users } from '@/lib/db/schema';
import { updateOwnProfile } from '@/lib/domain/profile';
import { ensureFirstAdmin, firstAdminEmail } from '@/lib/launcher/first-admin';
import { checkCredentials } from '@/lib/auth/credentials';

const today = new Date('2026-06-15T09:00:00Z');

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  return (await db().execute(query))[0] as T;
}

describe('the first admin', () => {
  it('is created on an empty database only, as a superuser who can sign in', async () => {
    expect(await ensureFirstAdmin(db(), { username: 'root', password: 'first-password' })).toEqual({
      username: 'root',
      password: 'first-password',
    });
    expect(await ensureFirstAdmin(db(), { username: 'root2', password: 'other' })).toBeNull();
    const result = await checkCredentials(db(), 'root', 'first-password', '127.0.0.1');
    expect(result.ok && result.user.isSuperuser).toBe(true);
  });

  it('gets an address the profile form accepts as it is, so the first save of the profile works', async () => {
    const [root] = await db().select().from(users).where(eq(users.username, 'root'));
    expect(root!.email).toBe('root@localhost');
    const saved = await updateOwnProfile(db(), root!, {
      first_name: 'Admin',
      last_name: '',
      email: root!.email,
      slack_target: 'U012AB3CD',
    });
    expect(saved).toEqual({ ok: true, value: null });
    expect(firstAdminEmail('me@corp.example')).toBe('me@corp.example');
    expect(firstAdminEmail('.dot')).toBe('');
  });
});

describe('the demo seed', () => {
  it('loads once: a second run changes nothing', async () => {
    expect(await seedDemo(db(), { password: 'demo', today })).toBe(true);
    expect(await seedDemo(db(), { password: 'demo', today })).toBe(false);
    const counts = await one<{ users: number; pts: number; products: number }>(sql`
      select (select count(*)::int from users) as users, (select count(*)::int from product_types) as pts,
             (select count(*)::int from products) as products`);
    expect(counts).toEqual({ users: DEMO_USERS.length + 1, pts: 2, products: 4 }); // + the first admin
  });

  it('holds what the scheduled notifications need, relative to today', async () => {
    const e = await one<{ upcoming: number; stale: number }>(sql`
      select count(*) filter (where target_start = '2026-06-16')::int as upcoming,
             count(*) filter (where target_end < '2026-06-15' and status not in ('Completed', 'Cancelled'))::int as stale
      from engagements`);
    expect(e.upcoming).toBeGreaterThanOrEqual(1);
    expect(e.stale).toBeGreaterThanOrEqual(1);
    const f = await one<{ severities: number; due_in_two: number; breached: number }>(sql`
      select count(distinct severity)::int as severities,
             count(*) filter (where active and sla_expiration_date = '2026-06-17')::int as due_in_two,
             count(*) filter (where active and sla_expiration_date < '2026-06-15')::int as breached
      from findings`);
    expect(f).toEqual({ severities: 5, due_in_two: 1, breached: 1 });
    const ra = await one<{ n: number }>(sql`
      select count(*)::int as n from risk_acceptances ra
      where expiration_date = '2026-06-18' and exists (select 1 from risk_acceptance_findings where risk_acceptance_id = ra.id)`);
    expect(ra.n).toBe(1);
  });

  it('gives its users different reach: global role, product type, product, group, nothing', async () => {
    const ids = Object.fromEntries(
      (await db().execute<{ id: number; username: string }>(sql`select id, username from users`)).map((u) => [u.username, u.id]),
    );
    const products = Object.fromEntries(
      (await db().execute<{ id: number; name: string }>(sql`select id, name from products`)).map((p) => [p.name, p.id]),
    );
    const [web] = await db().execute<{ id: number }>(sql`select id from product_types where name = 'Web Applications'`);
    const viewers = async (name: string) => productViewerIds(db(), products[name]!);

    const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort((a, b) => a - b);

    expect(await viewers('Payments API')).toEqual(sorted('root', 'olivia', 'alice', 'bob'));
    expect(await viewers('Customer Portal')).toEqual(sorted('root', 'olivia', 'alice'));
    expect(await viewers('iOS App')).toEqual(sorted('root', 'olivia', 'carol'));
    expect(await viewers('Android App')).toEqual(sorted('root', 'olivia'));
    expect(await productTypeViewerIds(db(), web!.id)).toEqual(sorted('root', 'olivia', 'alice'));
  });
});
