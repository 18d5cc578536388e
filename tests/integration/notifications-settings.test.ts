// Settings in four scopes: defaults, the template copied at user creation, PUT/PATCH semantics
// and validation in DefectDojo's flat shape.
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { db } from '@/lib/db/client';
import { createUser } from '@/lib/domain/users';
import { EVENT_TYPES, defaultChannels, type EventType } from '@/lib/core/event-catalog';
import { getSettings, patchSettings, replaceSettings } from '@/lib/notifications/settings';
import { settingsInputSchemas, type ChannelMatrix } from '@/lib/notifications/settings-schema';
import { makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { resetWorld } from '../support/notifications';

beforeEach(resetWorld);

const matrix = (channels: (type: EventType) => string[]) =>
  Object.fromEntries(EVENT_TYPES.map((type) => [type, channels(type)])) as ChannelMatrix;

describe('settings', () => {
  it('system-wide and template start with DefectDojo defaults: alert for all but scan_added_empty, mail for mentions and review requests', async () => {
    const expected = {
      ...matrix(() => ['alert']),
      scan_added_empty: [],
      user_mentioned: ['alert', 'mail'],
      review_requested: ['alert', 'mail'],
    };
    expect(await getSettings(db(), { scope: 'system' })).toEqual({
      user: null,
      product: null,
      template: false,
      ...expected,
      minimum_severity: {},
      required: [],
    });
    expect(await getSettings(db(), { scope: 'template' })).toEqual({
      user: null,
      product: null,
      template: true,
      ...expected,
      minimum_severity: {},
    });
    expect(matrix(defaultChannels)).toEqual(expected);
  });

  it("the template is copied into a new user's personal settings at creation, and only copied", async () => {
    await patchSettings(db(), { scope: 'template' }, { scan_added: ['alert', 'slack'], other: [] });
    const user = await createUser(db(), SYSTEM_ACTOR, { username: 'newcomer', password: 'a long enough password' });
    await patchSettings(db(), { scope: 'template' }, { scan_added: [] });

    const mine = await getSettings(db(), { scope: 'personal', userId: user.id });
    expect(mine).toMatchObject({
      user: user.id,
      product: null,
      template: false,
      scan_added: ['alert', 'slack'],
      other: [],
      product_added: ['alert'],
    });
  });

  it('a user or product row nobody saved means no channels', async () => {
    const user = await makeUser();
    const { product } = await makeProgram((await makeProductType()).id);
    expect(await getSettings(db(), { scope: 'product', userId: user.id, productId: product.id })).toEqual({
      user: user.id,
      product: product.id,
      template: false,
      ...matrix(() => []),
      minimum_severity: {},
    });
  });

  it('PATCH changes only the events given; PUT replaces the whole matrix', async () => {
    const user = await makeUser();
    const owner = { scope: 'personal', userId: user.id } as const;
    await patchSettings(db(), owner, { scan_added: ['slack', 'alert', 'slack'] });
    const patched = await patchSettings(db(), owner, { sla_breach: ['mail'] });
    expect(patched).toMatchObject({ scan_added: ['alert', 'slack'], sla_breach: ['mail'], other: [] });

    const replaced = await replaceSettings(
      db(),
      owner,
      matrix((type) => (type === 'other' ? ['mail'] : [])),
    );
    expect(replaced).toEqual({
      user: user.id,
      product: null,
      template: false,
      ...matrix((type) => (type === 'other' ? ['mail'] : [])),
      minimum_severity: {},
    });
  });

  it('floors are set per channel and merge: a channel set to null loses its floor, others keep theirs', async () => {
    const user = await makeUser();
    const owner = { scope: 'personal', userId: user.id } as const;
    await patchSettings(db(), owner, { minimum_severity: { mail: 'High', slack: 'Critical' } });
    const patched = await patchSettings(db(), owner, { minimum_severity: { slack: null, alert: 'Low' } });
    expect(patched.minimum_severity).toEqual({ mail: 'High', alert: 'Low' });
    expect((await getSettings(db(), owner)).minimum_severity).toEqual({ mail: 'High', alert: 'Low' });
  });

  it("the template's floors are copied into a new user's personal row", async () => {
    await patchSettings(db(), { scope: 'template' }, { scan_added: ['alert', 'mail'], minimum_severity: { mail: 'High' } });
    const user = await createUser(db(), SYSTEM_ACTOR, { username: 'floored', password: 'a long enough password' });
    expect((await getSettings(db(), { scope: 'personal', userId: user.id })).minimum_severity).toEqual({ mail: 'High' });
  });

  it('only the system-wide row holds required events', async () => {
    const system = await patchSettings(db(), { scope: 'system' }, { required: ['sla_breach', 'sla_breach'] });
    expect(system.required).toEqual(['sla_breach']);
    const user = await makeUser();
    await expect(patchSettings(db(), { scope: 'personal', userId: user.id }, { required: ['sla_breach'] })).rejects.toThrow();
  });

  it('the database refuses Teams or webhooks on a personal row', async () => {
    const user = await makeUser();
    await expect(patchSettings(db(), { scope: 'personal', userId: user.id }, { scan_added: ['msteams'] })).rejects.toThrow();
  });
});

describe('settings validation', () => {
  const fieldErrors = (schema: z.ZodType, body: unknown): Record<string, string[] | undefined> => {
    const result = schema.safeParse(body);
    return result.success ? {} : z.flattenError(result.error).fieldErrors;
  };

  it('rejects unknown events, unknown channels and wrong types with field errors', () => {
    const errors = fieldErrors(settingsInputSchemas.personal.patch, {
      scan_added: ['alert', 'pager'],
      bogus_event: ['alert'],
      other: 'alert',
      user: 'me',
    });
    expect(Object.keys(errors).sort()).toEqual(['bogus_event', 'other', 'scan_added', 'user']);
    expect(errors.bogus_event).toEqual(['Unknown event.']);
    expect(errors.scan_added?.[0]).toMatch(/Unknown channel/);
  });

  it('personal, per-product and template rows take alert, mail and Slack; only the system-wide row takes Teams and webhooks', () => {
    expect(fieldErrors(settingsInputSchemas.personal.patch, { scan_added: ['msteams'] })).toHaveProperty('scan_added');
    expect(fieldErrors(settingsInputSchemas.template.patch, { scan_added: ['webhooks'] })).toHaveProperty('scan_added');
    expect(settingsInputSchemas.system.patch.parse({ scan_added: ['webhooks', 'msteams', 'alert'] })).toEqual({
      scan_added: ['alert', 'msteams', 'webhooks'],
    });
  });

  it('floors name known channels of the scope and known severities; required is system-wide only', () => {
    const errors = fieldErrors(settingsInputSchemas.personal.patch, { minimum_severity: { mail: 'Severe' } });
    expect(errors.minimum_severity?.[0]).toMatch(/Unknown severity/);
    expect(fieldErrors(settingsInputSchemas.personal.patch, { minimum_severity: { msteams: 'High' } })).toHaveProperty('minimum_severity');
    expect(settingsInputSchemas.system.patch.parse({ minimum_severity: { msteams: 'High', mail: null } })).toEqual({
      minimum_severity: { msteams: 'High', mail: null },
    });
    expect(fieldErrors(settingsInputSchemas.personal.patch, { required: ['sla_breach'] }).required).toEqual([
      'Only the system-wide settings mark events as required.',
    ]);
    expect(fieldErrors(settingsInputSchemas.system.patch, { required: ['nope'] })).toHaveProperty('required');
    expect(settingsInputSchemas.system.patch.parse({ required: ['sla_breach'] })).toEqual({ required: ['sla_breach'] });
  });

  it('PUT needs every event; the owner fields a GET returns are accepted and ignored', () => {
    expect(Object.keys(fieldErrors(settingsInputSchemas.product.replace, { scan_added: [] }))).toHaveLength(EVENT_TYPES.length - 1);
    const body = { user: 3, product: null, template: false, ...matrix(() => ['alert']) };
    expect(settingsInputSchemas.personal.replace.parse(body)).toEqual(matrix(() => ['alert']));
  });
});
