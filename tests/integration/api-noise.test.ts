// Noise control over real HTTP (DESIGN §4b): mutes, the events' severity, floors and required events
// in the settings API, and what alerts say about why they came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

let t: ApiApp;
let p: Awaited<ReturnType<typeof makeProgram>>;
let hidden: Awaited<ReturnType<typeof makeProgram>>;
let reader: User;
let asReader: ApiClient;
let asWriter: ApiClient;
let asOther: ApiClient;

beforeAll(async () => {
  t = await startApiApp();
  p = await makeProgram((await makeProductType()).id);
  hidden = await makeProgram((await makeProductType()).id);
  reader = await makeUser({ username: 'noise-reader', email: 'reader@example.com' });
  const writer = await makeUser({ username: 'noise-writer' });
  const other = await makeUser({ username: 'noise-other' });
  await addProductMember(p.product.id, reader.id, 'Reader');
  await addProductMember(p.product.id, writer.id, 'Writer');
  await addProductMember(p.product.id, other.id, 'Reader');
  asReader = t.api.as({ token: await tokenFor(reader.id) });
  asWriter = t.api.as({ token: await tokenFor(writer.id) });
  asOther = t.api.as({ token: await tokenFor(other.id) });
});
afterAll(async () => t?.stop());

describe('/api/v2/mutes', () => {
  it("POST mutes a product the caller can see (201 with its id), GET lists the caller's, DELETE removes it", async () => {
    const created = await asReader.post('/mutes', { product: p.product.id, until: '2099-01-01T00:00:00Z' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), product: p.product.id, finding: null, until: '2099-01-01T00:00:00.000Z' });

    expect((await asReader.get('/mutes')).body).toMatchObject({ count: 1, results: [{ id: created.body.id }] });
    expect((await asOther.get('/mutes')).body).toEqual({ count: 0, results: [] });
    expect((await asOther.delete(`/mutes/${created.body.id}`)).status).toBe(404);
    expect((await asReader.delete(`/mutes/${created.body.id}`)).status).toBe(204);
    expect((await asReader.get('/mutes')).body.count).toBe(0);
  });

  it('answers 404 for what the caller cannot see and 400 with field messages for bad input', async () => {
    expect((await asReader.post('/mutes', { product: hidden.product.id })).status).toBe(404);
    expect((await asReader.post('/mutes', { finding: hidden.finding.id })).status).toBe(404);
    const both = await asReader.post('/mutes', { product: p.product.id, finding: p.finding.id });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('Give either product or finding.');
    const badUntil = await asReader.post('/mutes', { finding: p.finding.id, until: 'tomorrow' });
    expect(badUntil.status).toBe(400);
    expect(badUntil.body.errors.until?.[0]).toMatch(/ISO 8601/);
  });

  it('a muted finding sends the user nothing about it through the events API', async () => {
    const mute = await asReader.post('/mutes', { finding: p.finding.id });
    const posted = await asWriter.post('/events', { type: 'other', title: 'About the finding', finding: p.finding.id });
    expect(posted.status).toBe(202);
    const alerts = (await asReader.get('/alerts')).body.results.map((a: { title: string }) => a.title);
    expect(alerts).not.toContain('About the finding');
    await asReader.delete(`/mutes/${mute.body.id}`);
  });
});

describe('severity and floors', () => {
  it('POST /events takes a severity; an unknown one is a 400 with a message for people', async () => {
    const bad = await asWriter.post('/events', { type: 'other', title: 'x', product: p.product.id, severity: 'Severe' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.severity?.[0]).toMatch(/Unknown severity/);
  });

  it("a personal floor takes effect: the events API's recipients count and the alert say so", async () => {
    const patched = await asReader.patch('/notifications/personal', {
      jira_update: ['alert'],
      minimum_severity: { alert: 'High' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.minimum_severity).toEqual({ alert: 'High' });
    await t.admin.patch('/notifications/system', { jira_update: [] });

    const low = await asWriter.post('/events', { type: 'jira_update', title: 'Low sync', product: p.product.id, severity: 'Low' });
    const critical = await asWriter.post('/events', {
      type: 'jira_update',
      title: 'Critical sync',
      product: p.product.id,
      severity: 'Critical',
    });
    // The admin's own row (the template's copy) takes jira_update too; the reader adds one only from High.
    expect(critical.body.recipients).toBe(low.body.recipients + 1);
    const results = (await asReader.get('/alerts?type=jira_update')).body.results;
    expect(results).toHaveLength(1);
    const [alert] = results;
    expect(alert).toMatchObject({
      title: 'Critical sync',
      severity: 'Critical',
      reason: 'personal',
      reason_label: 'your notification settings',
      settings_url: '/settings/notifications',
      count: 1,
      product: { id: p.product.id, name: p.product.name },
    });
  });

  it('required is system-wide only: superusers set it, a personal row refuses it', async () => {
    expect((await asReader.patch('/notifications/personal', { required: ['sla_breach'] })).body.errors.required).toEqual([
      'Only the system-wide settings mark events as required.',
    ]);
    const system = await t.admin.patch('/notifications/system', { required: ['sla_breach'] });
    expect(system.status).toBe(200);
    expect(system.body.required).toEqual(['sla_breach']);
    await t.admin.patch('/notifications/system', { required: [] });
  });
});

describe('the OpenAPI document', () => {
  it("documents mutes, the alert's reason fields and the floors", async () => {
    const doc = (await t.api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v2/mutes', '/api/v2/mutes/{id}']));
    expect(Object.keys(doc.components.schemas.Alert.properties)).toEqual(
      expect.arrayContaining(['reason', 'reason_label', 'settings_url', 'severity', 'count', 'event_ids', 'product', 'finding']),
    );
    expect(doc.components.schemas.PersonalNotificationSettings.properties).toHaveProperty('minimum_severity');
    expect(doc.components.schemas.SystemNotificationSettings.properties).toHaveProperty('required');
    expect(doc.components.schemas.EventPost.properties).toHaveProperty('severity');
  });
});
