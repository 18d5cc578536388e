// Every page authorizes its own data: each page.tsx route, requested by each kind of user who must not
// see the objects its URL names, answers with a body (HTML with its streamed RSC payload, and the RSC
// payload a client navigation fetches) that contains none of the marker strings planted in them.
// A layout's check is not enough: Next.js streams a page's output even after its layout calls notFound().
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import {
  alerts,
  apiTokens,
  auditLog,
  deliveries,
  notes,
  notificationEvents,
  outboxEmails,
  productNotificationDestinations,
  riskAcceptances,
  scheduleRuns,
  systemSettings,
  webhookEndpointHealth,
  webhookEndpoints,
} from '@/lib/db/schema';
import { sessionCookieFor, startApiApp, type ApiApp } from '../support/api';
import { addProductMember, makeGroup, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

const nonce = crypto.randomBytes(3).toString('hex');
const mark = (what: string) => `MARK${nonce}${what}`;

/** Marker strings, one per planted value; none may reach a user who must not see its object. */
const M = {
  productType: mark('ProductType'),
  product: mark('Product'),
  engagement: mark('Engagement'),
  test: mark('Test'),
  finding: mark('Finding'),
  note: mark('NoteEntry'),
  riskAcceptance: mark('RiskAcceptance'),
  productSlack: mark('ProductSlack'),
  userEmail: `${mark('useremail')}@example.com`,
  userFirstName: mark('FirstName'),
  groupName: mark('Group'),
  groupDescription: mark('GroupText'),
  eventTitle: mark('EventTitle'),
  alertTitle: mark('AlertTitle'),
  deliveryAddress: `${mark('rcpt')}@example.com`,
  deliveryError: mark('DeliveryError'),
  outboxSubject: mark('Subject'),
  outboxTo: `${mark('outboxto')}@example.com`,
  outboxText: mark('MailText'),
  outboxHtml: mark('MailHtml'),
  webhookName: mark('WebhookName'),
  webhookUrl: mark('webhookurl'),
  webhookError: mark('WebhookError'),
  mailFrom: `${mark('from')}@example.com`,
  mailList: `${mark('list')}@example.com`,
  slackChannel: mark('SlackChannel'),
  slackUsername: mark('SlackName'),
  scheduleError: mark('ScheduleError'),
  tokenName: mark('TokenName'),
  auditLabel: mark('AuditLabel'),
  auditChange: mark('AuditChange'),
  /** An alert the Reader got while a member of the hidden product: alerts outlive access, their display must not. */
  formerAlert: mark('FormerAlert'),
};
/** Values a superuser is never shown in full (secrets), or that are another user's: the control check below skips them. */
const SECRET_MARKERS: string[] = [M.webhookUrl, M.formerAlert];

let app: ApiApp;
const ids = { productType: 0, product: 0, engagement: 0, test: 0, finding: 0, group: 0, user: 0, outbox: 0 };
const who: Record<'no memberships' | 'Reader of one product' | 'deactivated superuser' | 'superuser', User | null> = {
  'no memberships': null,
  'Reader of one product': null,
  'deactivated superuser': null,
  superuser: null,
};

beforeAll(async () => {
  app = await startApiApp({ TOCSIN_WORKER: '0' });
  const hiddenType = await makeProductType(M.productType);
  const hidden = await makeProgram(hiddenType.id);
  await db().execute(`update products set name = '${M.product}' where id = ${hidden.product.id}`);
  await db().execute(`update engagements set name = '${M.engagement}' where id = ${hidden.engagement.id}`);
  await db().execute(`update tests set title = '${M.test}' where id = ${hidden.test.id}`);
  await db().execute(`update findings set title = '${M.finding}' where id = ${hidden.finding.id}`);
  const owner = await makeUser({ email: M.userEmail, firstName: M.userFirstName });
  await db().insert(notes).values({ findingId: hidden.finding.id, authorId: owner.id, entry: M.note });
  await db().insert(riskAcceptances).values({ name: M.riskAcceptance, productId: hidden.product.id, ownerId: owner.id });
  await db().insert(productNotificationDestinations).values({ productId: hidden.product.id, slackChannel: M.productSlack });
  const group = await makeGroup([owner.id]);
  await db().execute(`update groups set name = '${M.groupName}', description = '${M.groupDescription}' where id = ${group.id}`);

  const [admin] = await db().execute<{ id: number }>(`select id from users where username = 'admin'`);
  const [event] = await db()
    .insert(notificationEvents)
    .values({ type: 'other', title: M.eventTitle, productId: hidden.product.id, productTypeId: hiddenType.id })
    .returning();
  await db()
    .insert(alerts)
    .values({ userId: admin!.id, eventId: event!.id, eventType: 'other', title: M.alertTitle, description: M.alertTitle });
  const [endpoint] = await db()
    .insert(webhookEndpoints)
    .values({ name: M.webhookName, url: `https://hooks.example.com/${M.webhookUrl}`, events: ['other'] })
    .returning();
  await db().insert(webhookEndpointHealth).values({ endpointId: endpoint!.id, lastError: M.webhookError, consecutiveFailures: 1 });
  const [delivery] = await db()
    .insert(deliveries)
    .values({
      eventId: event!.id,
      channel: 'mail',
      kind: 'shared',
      addresses: [M.deliveryAddress],
      status: 'dead',
      attempts: 8,
      lastError: M.deliveryError,
    })
    .returning();
  const [email] = await db()
    .insert(outboxEmails)
    .values({
      deliveryId: delivery!.id,
      eventId: event!.id,
      eventType: 'other',
      from: 'tocsin@example.com',
      to: [M.outboxTo],
      subject: M.outboxSubject,
      text: M.outboxText,
      html: `<p>${M.outboxHtml}</p>`,
    })
    .returning();
  await db()
    .insert(systemSettings)
    .values({
      mailFrom: M.mailFrom,
      mailNotificationsTo: [M.mailList],
      slackChannel: M.slackChannel,
      slackUsername: M.slackUsername,
    });
  await db()
    .insert(scheduleRuns)
    .values({ schedule: 'sla', day: '2026-01-01', trigger: 'manual', error: M.scheduleError, finishedAt: new Date() });
  await db()
    .insert(auditLog)
    .values({
      actorId: admin!.id,
      actorName: 'admin',
      clientAddress: '198.51.100.7',
      objectKind: 'group',
      objectId: '1',
      objectLabel: M.auditLabel,
      action: 'updated',
      changes: { description: { before: 'old', after: M.auditChange } },
    });
  await db()
    .insert(apiTokens)
    .values({ userId: admin!.id, name: M.tokenName, prefix: 'tcs_mark', tokenHash: crypto.randomBytes(32).toString('hex') });
  Object.assign(ids, {
    productType: hiddenType.id,
    product: hidden.product.id,
    engagement: hidden.engagement.id,
    test: hidden.test.id,
    finding: hidden.finding.id,
    group: group.id,
    user: owner.id,
    outbox: email!.id,
  });

  const visible = await makeProgram((await makeProductType()).id);
  const reader = await makeUser();
  await addProductMember(visible.product.id, reader.id, 'Reader');
  await db()
    .insert(alerts)
    .values({ userId: reader.id, eventId: event!.id, eventType: 'other', title: M.formerAlert, description: M.formerAlert });
  who['no memberships'] = await makeUser();
  who['Reader of one product'] = reader;
  who['deactivated superuser'] = await makeUser({ isSuperuser: true, isActive: false });
  who.superuser = await makeUser({ isSuperuser: true });
});

afterAll(async () => {
  await app?.stop();
});

/** The id a dynamic segment gets, by the collection it names. */
const SEGMENT_IDS: Record<string, keyof typeof ids> = {
  'product-types': 'productType',
  products: 'product',
  engagements: 'engagement',
  tests: 'test',
  findings: 'finding',
  groups: 'group',
  users: 'user',
  outbox: 'outbox',
};

/** Query strings that make a page name a hidden object (the pages' own filters and parents). */
const QUERIES: Record<string, (i: typeof ids) => string> = {
  '/engagements': (i) => `?product=${i.product}`,
  '/engagements/new': (i) => `?product=${i.product}`,
  '/findings': (i) => `?product=${i.product}&test=${i.test}`,
  '/findings/new': (i) => `?test=${i.test}`,
  '/tests': (i) => `?product=${i.product}&engagement=${i.engagement}`,
  '/tests/new': (i) => `?engagement=${i.engagement}`,
  '/products': (i) => `?prod_type=${i.productType}`,
  '/products/new': (i) => `?prod_type=${i.productType}`,
  '/admin/notifications/preview': (i) => `?type=other&product=${i.product}`,
  '/admin/deliveries': () => '?status=dead',
};

/** Every page.tsx under app/ (and route.ts outside the API: the pages' own files), as a URL naming the hidden objects. */
function pageRoutes(): string[] {
  const appDir = path.resolve('app');
  return fs
    .readdirSync(appDir, { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === 'page.tsx' || (path.basename(file) === 'route.ts' && !file.startsWith(`api${path.sep}`)))
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((s) => s !== '.' && !/^\(.*\)$/.test(s));
      const route =
        '/' +
        segments
          .map((segment, i) => {
            if (!/^\[.*\]$/.test(segment)) return segment;
            const key = SEGMENT_IDS[segments[i - 1]!];
            if (!key) throw new Error(`No hidden object for the dynamic segment of ${file}: add it to SEGMENT_IDS.`);
            return `{${key}}`;
          })
          .join('/');
      return route.replace(/\/$/, '') || '/';
    })
    .sort();
}

const ROUTES = pageRoutes();

function urlOf(route: string): string {
  const pathname = route.replace(/\{(\w+)\}/g, (_, key: keyof typeof ids) => String(ids[key]));
  return pathname + (QUERIES[route]?.(ids) ?? '');
}

/** The whole body of the page and of its RSC payload (what a client-side navigation fetches). */
async function bodies(url: string, user: User | null): Promise<string> {
  const headers: Record<string, string> = user ? { cookie: await sessionCookieFor(user.id) } : {};
  const html = await fetch(`${app.app.url}${url}`, { headers, redirect: 'manual' });
  const rsc = await fetch(`${app.app.url}${url}`, { headers: { ...headers, rsc: '1' }, redirect: 'manual' });
  return `${html.status}\n${await html.text()}\n${rsc.status}\n${await rsc.text()}`;
}

const leaked = (body: string) => Object.values(M).filter((marker) => body.includes(marker));

describe('the page routes', () => {
  it('are all listed, with their dynamic segments named', () => {
    expect(ROUTES.length).toBeGreaterThan(30);
    expect(ROUTES).toContain('/admin/outbox/{outbox}');
    expect(ROUTES).toContain('/admin/outbox/{outbox}/html');
  });
});

describe.each(['no memberships', 'Reader of one product', 'deactivated superuser', 'signed out'] as const)('as a user with %s', (kind) => {
  it.each(ROUTES)('%s shows none of the hidden data', async (route) => {
    const user = kind === 'signed out' ? null : who[kind]!;
    expect(leaked(await bodies(urlOf(route), user)), urlOf(route)).toEqual([]);
  });
});

describe('the markers are not vacuous', () => {
  it('a superuser is shown every planted value (but secrets) on some page', async () => {
    let all = '';
    for (const route of ROUTES) all += await bodies(urlOf(route), who.superuser);
    const [admin] = await db().execute<{ id: number }>(`select id from users where username = 'admin'`);
    all += (await bodies('/alerts', { id: admin!.id } as User)) + (await bodies('/profile', { id: admin!.id } as User));
    const shown = new Set(leaked(all));
    expect(Object.values(M).filter((marker) => !shown.has(marker) && !SECRET_MARKERS.includes(marker))).toEqual([]);
  }, 120_000);

  it("the Reader's old alert shows again while they are a member of its product", async () => {
    const reader = who['Reader of one product']!;
    await addProductMember(ids.product, reader.id, 'Reader');
    try {
      expect(leaked(await bodies('/alerts', reader))).toContain(M.formerAlert);
    } finally {
      await db().execute(`delete from product_members where product_id = ${ids.product} and user_id = ${reader.id}`);
    }
  });
});
