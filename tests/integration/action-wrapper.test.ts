// The one wrapper every server action goes through: its session, its parse, its error shape.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { invalid, ok } from '@/lib/core/result';
import { makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user }));

const { validatedAction } = await import('@/lib/session/action');
const { createEngagementAction } = await import('@/app/(app)/engagements/actions');

function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

let admin: User;
let product: number;

beforeAll(async () => {
  admin = await makeUser({ isSuperuser: true });
  product = (await makeProgram((await makeProductType()).id)).product.id;
  session.user = admin;
});

describe('validatedAction', () => {
  it('answers bad input with field errors and the values typed, and calls nothing', async () => {
    const before = await db().execute(sql`select count(*)::int as n from engagements`);
    const state = await createEngagementAction(
      {},
      formData({ product: `${product}`, name: '', target_start: '2026-01-01', target_end: 'soon' }),
    );
    expect(state).toMatchObject({
      ok: false,
      status: 400,
      errors: { name: ['This field may not be blank.'], target_end: ['Enter a date as YYYY-MM-DD.'] },
      values: { product: `${product}`, name: '', target_start: '2026-01-01', target_end: 'soon' },
    });
    expect(await db().execute(sql`select count(*)::int as n from engagements`)).toEqual(before);
  });

  it("maps the domain's field errors the same way", async () => {
    const state = await createEngagementAction(
      {},
      formData({ product: `${product}`, name: 'x', target_start: '2026-02-01', target_end: '2026-01-01' }),
    );
    expect(state).toMatchObject({ ok: false, status: 400, errors: { target_end: ['The end date must not be before the start date.'] } });
  });

  it('never sends a password back to the form', async () => {
    const action = validatedAction(z.object({ password: z.string().min(100) }), async () => ok(null));
    const state = await action({}, formData({ password: 'short', new_password: 'also', username: 'kept' }));
    expect(state.values).toEqual({ username: 'kept' });
  });

  it('answers with plain objects React can send to the form (no null prototypes), whatever the field names', async () => {
    const action = validatedAction(z.object({ constructor: z.string().min(5) }), async () => ok(null));
    const state = await action({}, formData({ constructor: 'x', toString: 'kept', __proto__: 'dropped' }));
    expect(state).toMatchObject({
      ok: false,
      status: 400,
      errors: { constructor: [expect.any(String)] },
      values: { constructor: 'x', toString: 'kept' },
    });
    expect(Object.getPrototypeOf(state.errors)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(state.values)).toBe(Object.prototype);
    expect(Object.hasOwn(state.values!, '__proto__')).toBe(false);
  });

  it('answers a NUL character in any field with a field error', async () => {
    const action = validatedAction(z.object({ slack_channel: z.string() }), async () => ok(null));
    expect(await action({}, formData({ slack_channel: '#sec\u0000urity' }))).toMatchObject({
      ok: false,
      status: 400,
      errors: { slack_channel: ['Must not contain NUL characters.'] },
    });
  });

  it('puts whole-form messages in detail', async () => {
    const action = validatedAction(z.object({}), async () => invalid({ non_field_errors: ['You cannot delete your own account.'] }));
    expect(await action({}, formData({}))).toMatchObject({
      ok: false,
      status: 400,
      errors: {},
      detail: 'You cannot delete your own account.',
    });
  });

  it('answers an unexpected error with a short message, without its internals', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const action = validatedAction(z.object({}), async () => {
      throw new Error('connection string postgres://secret');
    });
    const state = await action({}, formData({}));
    expect(state).toMatchObject({ ok: false, status: 500 });
    expect(JSON.stringify(state)).not.toContain('secret');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('hands a successful result to the form', async () => {
    const action = validatedAction(z.object({ n: z.number() }), async ({ n }, user) => ok({ doubled: n * 2, by: user.id }));
    expect(await action({}, formData({ n: '21' }))).toEqual({ ok: true, data: { doubled: 42, by: admin.id } });
  });
});
