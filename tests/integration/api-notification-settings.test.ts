// /api/v2/notifications/{personal, products/{id}, system, template} over real HTTP: DefectDojo's
// flat shape, GET/PATCH/PUT, field errors, and who may read or write which settings (only their
// own personal and per-product rows; superusers the system-wide row and the template).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType } from '@/lib/core/event-catalog';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

let t: ApiApp;
let admin: ApiClient;
let ann: User;
let bob: User;
let asAnn: ApiClient;
let asBob: ApiClient;
let p: Awaited<ReturnType<typeof makeProgram>>;
let hidden: Awaited<ReturnType<typeof makeProgram>>;

beforeAll(async () => {
  t = await startApiApp();
  admin = t.admin;
  ann = await makeUser({ username: 'ann' });
  bob = await makeUser({ username: 'bob' });
  asAnn = t.api.as({ token: await tokenFor(ann.id) });
  asBob = t.api.as({ token: await tokenFor(bob.id) });
  p = await makeProgram((await makeProductType()).id);
  hidden = await makeProgram((await makeProductType()).id);
  await addProductMember(p.product.id, ann.id, 'Reader');
  await addProductMember(p.product.id, bob.id, 'Reader');
});
afterAll(async () => t?.stop());

const matrix = (channels: (type: EventType) => string[]) => Object.fromEntries(EVENT_TYPES.map((type) => [type, channels(type)]));
const put = (client: ApiClient, path: string, body: unknown) => client.request('PUT', path, body);

describe('personal settings', () => {
  it("GET: the caller's own row in the flat shape (nothing saved yet: no channels)", async () => {
    expect(await asAnn.get('/notifications/personal')).toMatchObject({
      status: 200,
      body: { user: ann.id, product: null, template: false, ...matrix(() => []) },
    });
  });

  it('PATCH changes only the events given and answers the whole row', async () => {
    const first = await asAnn.patch('/notifications/personal', { scan_added: ['slack', 'alert'] });
    expect(first).toMatchObject({ status: 200, body: { user: ann.id, scan_added: ['alert', 'slack'], other: [] } });
    const second = await asAnn.patch('/notifications/personal', { sla_breach: ['mail'] });
    expect(second.body).toMatchObject({ scan_added: ['alert', 'slack'], sla_breach: ['mail'] });
    expect((await asAnn.get('/notifications/personal')).body).toEqual(second.body);
    expect((await asAnn.patch('/notifications/personal', {})).body).toEqual(second.body);
  });

  it('PUT replaces the whole matrix, and needs every event', async () => {
    const whole = { ...matrix(() => []), other: ['mail'] };
    const response = await put(asAnn, '/notifications/personal', whole);
    expect(response).toMatchObject({ status: 200, body: { user: ann.id, product: null, template: false, ...whole } });
    const partial = await put(asAnn, '/notifications/personal', { other: ['alert'] });
    expect(partial.status).toBe(400);
    expect(Object.keys(partial.body.errors).sort()).toEqual(EVENT_TYPES.filter((e) => e !== 'other').sort());
    expect(partial.body.errors.scan_added).toEqual(['This field is required.']);
  });

  it('what a GET returns can be PUT back as it is', async () => {
    const current = (await asAnn.get('/notifications/personal')).body;
    expect(await put(asAnn, '/notifications/personal', current)).toMatchObject({ status: 200, body: current });
  });

  it.each([
    ['an unknown event', { bogus_event: ['alert'] }, 'bogus_event', 'Unknown event.'],
    ['an unknown channel', { scan_added: ['alert', 'pager'] }, 'scan_added.1', /^Unknown channel: expected one of alert, mail, slack\.$/],
    ['Teams, a shared destination only', { scan_added: ['msteams'] }, 'scan_added.0', /^Unknown channel/],
    ['a channel that is not in a list', { scan_added: 'alert' }, 'scan_added', /list/],
    ['an owner field of the wrong type', { user: 'me' }, 'user', /number/],
  ])('400 for %s, with a field error', async (_, body, field, message) => {
    const response = await asAnn.patch('/notifications/personal', body);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors[field]?.[0]).toMatch(message);
  });

  it("nobody reads or writes another user's settings: the owner fields of a body are ignored", async () => {
    await asBob.patch('/notifications/personal', { scan_added: ['mail'] });
    const response = await asAnn.patch('/notifications/personal', { user: bob.id, scan_added: ['alert'] });
    expect(response.body).toMatchObject({ user: ann.id, scan_added: ['alert'] });
    expect((await asBob.get('/notifications/personal')).body).toMatchObject({ user: bob.id, scan_added: ['mail'] });
    // Not even a superuser reaches another user's row: there is no URL naming one.
    expect((await admin.get('/notifications/personal')).body.user).toBe(t.adminId);
  });

  it('works with the session cookie too', async () => {
    const browser = t.api.as({ cookie: await sessionCookieFor(bob.id) });
    expect((await browser.get('/notifications/personal')).body).toMatchObject({ user: bob.id, scan_added: ['mail'] });
  });

  it('401 without credentials', async () => {
    expect((await t.api.get('/notifications/personal')).status).toBe(401);
    expect((await t.api.patch('/notifications/personal', { scan_added: [] })).status).toBe(401);
  });
});

describe('per-product settings', () => {
  it("the caller's own row for a product they can see, apart from their personal row", async () => {
    const path = `/notifications/products/${p.product.id}`;
    expect(await asAnn.get(path)).toMatchObject({
      status: 200,
      body: { user: ann.id, product: p.product.id, template: false, scan_added: [] },
    });
    const patched = await asAnn.patch(path, { engagement_added: ['mail', 'alert'] });
    expect(patched).toMatchObject({ status: 200, body: { user: ann.id, product: p.product.id, engagement_added: ['alert', 'mail'] } });
    expect((await asAnn.get('/notifications/personal')).body.engagement_added).toEqual([]);
    expect((await asBob.get(path)).body).toMatchObject({ user: bob.id, engagement_added: [] });
    const whole = matrix(() => ['alert']);
    expect((await put(asAnn, path, whole)).body).toMatchObject({ product: p.product.id, ...whole });
  });

  it('a product the caller cannot see, or that does not exist, is a 404 on every verb', async () => {
    for (const path of [`/notifications/products/${hidden.product.id}`, '/notifications/products/999999']) {
      expect((await asAnn.get(path)).status).toBe(404);
      expect((await asAnn.patch(path, { scan_added: ['alert'] })).status).toBe(404);
      expect(
        (
          await put(
            asAnn,
            path,
            matrix(() => []),
          )
        ).status,
      ).toBe(404);
    }
  });

  it('takes the personal channels only', async () => {
    const response = await asAnn.patch(`/notifications/products/${p.product.id}`, { scan_added: ['webhooks'] });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors)).toEqual(['scan_added.0']);
  });

  it('a bad id in the path is a 400', async () => {
    expect((await asAnn.get('/notifications/products/abc')).status).toBe(400);
  });
});

describe('system-wide settings and the template', () => {
  it.each(['system', 'template'])('%s: superusers only, 403 for anybody else on every verb', async (scope) => {
    const path = `/notifications/${scope}`;
    for (const client of [asAnn, t.api.as({ token: await tokenFor((await makeUser({ globalRole: 'Owner' })).id) })]) {
      expect((await client.get(path)).status).toBe(403);
      expect((await client.patch(path, { scan_added: ['alert'] })).status).toBe(403);
      expect(
        (
          await put(
            client,
            path,
            matrix(() => []),
          )
        ).status,
      ).toBe(403);
    }
    expect((await admin.get(path)).status).toBe(200);
  });

  it('system: starts at the catalog defaults, and takes Teams and webhooks', async () => {
    const current = await admin.get('/notifications/system');
    expect(current.body).toMatchObject({
      user: null,
      product: null,
      template: false,
      scan_added: ['alert'],
      scan_added_empty: [],
      user_mentioned: ['alert', 'mail'],
    });
    const patched = await admin.patch('/notifications/system', { scan_added: ['webhooks', 'msteams', 'alert'] });
    expect(patched).toMatchObject({ status: 200, body: { scan_added: ['alert', 'msteams', 'webhooks'], product_added: ['alert'] } });
    const whole = matrix(() => ['alert', 'slack']);
    expect((await put(admin, '/notifications/system', whole)).body).toMatchObject({ template: false, ...whole });
  });

  it('template: refuses shared channels, and is what a user created through the API starts with', async () => {
    expect((await admin.patch('/notifications/template', { scan_added: ['msteams'] })).status).toBe(400);
    const template = await admin.patch('/notifications/template', { scan_added: ['alert', 'mail'], other: [] });
    expect(template.body).toMatchObject({ user: null, product: null, template: true, scan_added: ['alert', 'mail'], other: [] });

    const created = await admin.post('/users', { username: 'newcomer', password: 'a long enough password' });
    expect(created.status).toBe(201);
    const asNewcomer = t.api.as({ token: await tokenFor(created.body.id) });
    const mine = (await asNewcomer.get('/notifications/personal')).body;
    expect(mine).toEqual({ ...template.body, user: created.body.id, product: null, template: false });
  });
});

describe('the OpenAPI document', () => {
  it("shows the engine's schemas: each event a list of that scope's channels, unknown events refused", async () => {
    const schemas = (await t.api.get('/openapi.json')).body.components.schemas;
    expect(schemas.SystemNotificationSettingsReplace.required.sort()).toEqual([...EVENT_TYPES].sort());
    expect(schemas.PersonalNotificationSettingsPatch.properties.scan_added.items.enum).toEqual(['alert', 'mail', 'slack']);
    expect(schemas.SystemNotificationSettingsPatch.properties.scan_added.items.enum).toContain('webhooks');
    expect(schemas.PersonalNotificationSettingsPatch.additionalProperties).toMatchObject({ not: {} });
  });
});
