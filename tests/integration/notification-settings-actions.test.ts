// The matrix pages' server actions, called directly as the pages call them: malformed settings are
// answered with field errors, and nobody reads or writes settings that are not theirs.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getSettings, patchSettings } from '@/lib/notifications/settings';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({
  requireUser: async () => {
    if (!session.user) throw new Error('no session in this test');
    return session.user;
  },
  currentUser: async () => session.user,
}));

const { saveNotificationSettingsAction: save, resetToTemplateAction } = await import('@/app/(app)/settings/notifications/actions');

let member: User;
let other: User;
let admin: User;
let visibleProduct: number;
let hiddenProduct: number;

beforeAll(async () => {
  const productType = await makeProductType();
  [member, other, admin] = [await makeUser(), await makeUser(), await makeUser({ isSuperuser: true })];
  visibleProduct = (await makeProduct(productType.id)).id;
  hiddenProduct = (await makeProduct(productType.id)).id;
  await addProductMember(visibleProduct, member.id, 'Reader');
});

const as = (user: User) => {
  session.user = user;
};

describe('malformed settings are answered with field errors', () => {
  it('an unknown event is named as a field error', async () => {
    as(member);
    const result = await save({ scope: 'personal' }, { not_an_event: ['alert'] });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys(result.errors ?? {})).toContain('not_an_event');
  });

  it('an unknown channel is a field error on its event', async () => {
    as(member);
    const result = await save({ scope: 'personal' }, { scan_added: ['fax'] });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys(result.errors ?? {}).some((field) => field.startsWith('scan_added'))).toBe(true);
  });

  it('a shared-only channel (Teams) is refused in personal settings', async () => {
    as(member);
    const result = await save({ scope: 'personal' }, { scan_added: ['msteams'] });
    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('a wrong type (a string instead of a list) is a field error', async () => {
    as(member);
    const result = await save({ scope: 'personal' }, { scan_added: 'alert' });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys(result.errors ?? {}).some((field) => field.startsWith('scan_added'))).toBe(true);
  });

  it('an unknown scope is refused without writing anything', async () => {
    as(member);
    const result = await save({ scope: 'everyone' } as never, { scan_added: ['alert'] });
    expect(result).toMatchObject({ ok: false, status: 400, errors: { 'target.scope': ['Unknown settings.'] } });
  });

  it('a NUL character anywhere in the changes is a field error, before any query', async () => {
    as(member);
    const result = await save({ scope: 'personal' }, { 'scan\u0000added': ['alert'] });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys(result.errors ?? {}).join()).toContain('changes');
  });

  it('an unexpected error is a 500 written for people, and logged without the stack to the browser', async () => {
    as({ ...member, id: -1 });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await save({ scope: 'personal' }, { scan_added: ['alert'] });
    const calls = logged.mock.calls.length;
    logged.mockRestore();
    expect(result).toMatchObject({ ok: false, status: 500, detail: 'Something went wrong on our side. Try again.' });
    expect(calls).toBeGreaterThan(0);
  });

  it('nothing malformed was stored', async () => {
    expect((await getSettings(db(), { scope: 'personal', userId: member.id })).scan_added).not.toContain('fax');
  });
});

describe('nobody reads or writes settings that are not theirs', () => {
  it("a valid save changes the caller's own personal row", async () => {
    as(member);
    expect(await save({ scope: 'personal' }, { scan_added: ['alert', 'mail'] })).toMatchObject({ ok: true });
    expect((await getSettings(db(), { scope: 'personal', userId: member.id })).scan_added).toEqual(['alert', 'mail']);
  });

  it('naming another user in the target changes nothing of theirs', async () => {
    const before = await getSettings(db(), { scope: 'personal', userId: other.id });
    as(member);
    await save({ scope: 'personal', userId: other.id } as never, { engagement_added: ['slack'] });
    await save({ scope: 'product', productId: visibleProduct, userId: other.id } as never, { engagement_added: ['slack'] });
    expect(await getSettings(db(), { scope: 'personal', userId: other.id })).toEqual(before);
    expect((await getSettings(db(), { scope: 'product', userId: other.id, productId: visibleProduct })).engagement_added).toEqual([]);
  });

  it('per-product settings only for a product the caller can see (404 otherwise)', async () => {
    as(member);
    expect(await save({ scope: 'product', productId: visibleProduct }, { test_added: ['mail'] })).toMatchObject({ ok: true });
    expect(await save({ scope: 'product', productId: hiddenProduct }, { test_added: ['mail'] })).toMatchObject({ ok: false, status: 404 });
    expect((await getSettings(db(), { scope: 'product', userId: member.id, productId: hiddenProduct })).test_added).toEqual([]);
  });

  it('system-wide and template settings: superusers only (403 otherwise, nothing stored)', async () => {
    const [system, template] = [await getSettings(db(), { scope: 'system' }), await getSettings(db(), { scope: 'template' })];
    as(member);
    expect(await save({ scope: 'system' }, { other: ['webhooks'] })).toMatchObject({ ok: false, status: 403 });
    expect(await save({ scope: 'template' }, { other: ['slack'] })).toMatchObject({ ok: false, status: 403 });
    expect(await getSettings(db(), { scope: 'system' })).toEqual(system);
    expect(await getSettings(db(), { scope: 'template' })).toEqual(template);

    as(admin);
    expect(await save({ scope: 'system' }, { other: ['alert', 'webhooks'] })).toMatchObject({ ok: true });
    expect((await getSettings(db(), { scope: 'system' })).other).toEqual(['alert', 'webhooks']);
  });

  it('resetting to the template resets only the caller', async () => {
    await patchSettings(db(), { scope: 'template' }, { jira_update: ['mail'] });
    await patchSettings(db(), { scope: 'personal', userId: other.id }, { jira_update: ['slack'] });
    as(member);
    expect(await resetToTemplateAction()).toMatchObject({ ok: true });
    expect((await getSettings(db(), { scope: 'personal', userId: member.id })).jira_update).toEqual(['mail']);
    expect((await getSettings(db(), { scope: 'personal', userId: other.id })).jira_update).toEqual(['slack']);
  });
});
