// The IDOR suite: for every resource and every verb, a user who cannot see an object gets 404 (the
// same answer as for an id that does not exist), and a user who can see it but may not act gets
// 403. Driven by one table, so a new resource or verb is one more row. Afterwards, nothing changed.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import {
  groupMembers,
  notes,
  productGroups,
  productMembers,
  productTypeGroups,
  productTypeMembers,
  riskAcceptanceFindings,
  riskAcceptances,
} from '@/lib/db/schema';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductTypeMember, makeGroup, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

/** The objects under attack: one program in a product type the outsider has no part in. */
interface World {
  productType: number;
  product: number;
  engagement: number;
  test: number;
  finding: number;
  riskAcceptance: number;
  group: number;
  groupMember: number;
  productTypeMember: number;
  productMember: number;
  productTypeGroup: number;
  productGroup: number;
  victim: number;
  outsider: User;
  reader: User;
  otherGroup: number;
}

type Actor = 'outsider' | 'reader';
type Verb = 'list' | 'create' | 'read' | 'update' | 'delete' | string;

interface Probe {
  resource: string;
  verb: Verb;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** Expected status per actor. */
  expect: Record<Actor, number>;
}

interface Resource {
  name: string;
  /** The secret object's id. */
  id: (w: World) => number;
  create?: (w: World) => unknown;
  update?: unknown;
  /** Verbs the resource does not have. */
  without?: Verb[];
  /** Departures from the defaults: outsider 404 everywhere; reader 200 to read, 403 to change. */
  outsider?: Partial<Record<Verb, number>>;
  reader?: Partial<Record<Verb, number>>;
  extra?: Omit<Probe, 'resource'>[];
}

const RESOURCES: Resource[] = [
  {
    name: 'product_types',
    id: (w) => w.productType,
    create: () => ({ name: 'Intruder PT' }),
    update: { description: 'pwned' },
    // Adding a product type is a global permission: the collection is visible, the action is not.
    outsider: { create: 403 },
    reader: { create: 403 },
  },
  {
    name: 'products',
    id: (w) => w.product,
    create: (w) => ({ name: 'Intruder product', prod_type: w.productType }),
    update: { description: 'pwned' },
  },
  {
    name: 'engagements',
    id: (w) => w.engagement,
    update: { status: 'Cancelled' },
    create: (w) => ({ name: 'e', product: w.product, target_start: '2026-01-01', target_end: '2026-01-02' }),
    extra: [
      { verb: 'close', method: 'POST', path: (w) => `/engagements/${w.engagement}/close`, expect: { outsider: 404, reader: 403 } },
      { verb: 'reopen', method: 'POST', path: (w) => `/engagements/${w.engagement}/reopen`, expect: { outsider: 404, reader: 403 } },
    ],
  },
  {
    name: 'tests',
    id: (w) => w.test,
    create: (w) => ({ engagement: w.engagement, title: 't', test_type: 'x' }),
    update: { title: 'pwned' },
  },
  {
    name: 'findings',
    id: (w) => w.finding,
    create: (w) => ({ test: w.test, title: 'f', severity: 'Low' }),
    update: { active: false },
    extra: [
      { verb: 'list notes', method: 'GET', path: (w) => `/findings/${w.finding}/notes`, expect: { outsider: 404, reader: 200 } },
      // Readers may comment (DefectDojo's Reader role).
      {
        verb: 'add note',
        method: 'POST',
        path: (w) => `/findings/${w.finding}/notes`,
        body: () => ({ entry: 'hi' }),
        expect: { outsider: 404, reader: 201 },
      },
      {
        verb: 'list review requests',
        method: 'GET',
        path: (w) => `/findings/${w.finding}/request_review`,
        expect: { outsider: 404, reader: 200 },
      },
      {
        verb: 'request review',
        method: 'POST',
        path: (w) => `/findings/${w.finding}/request_review`,
        body: (w) => ({ reviewers: [w.reader.id] }),
        expect: { outsider: 404, reader: 403 },
      },
    ],
  },
  {
    name: 'risk_acceptances',
    id: (w) => w.riskAcceptance,
    update: { expiration_date: '2030-01-01' },
    create: (w) => ({ name: 'r', product: w.product, findings: [w.finding] }),
  },
  {
    name: 'users',
    id: (w) => w.victim,
    create: () => ({ username: 'intruder', password: 'long-enough-password' }),
    update: { is_superuser: true },
    // Superusers only: 403 for everyone else, whatever the id.
    outsider: { list: 403, create: 403, read: 403, update: 403, delete: 403 },
    reader: { list: 403, create: 403, read: 403, update: 403, delete: 403 },
  },
  {
    name: 'groups',
    id: (w) => w.group,
    create: () => ({ name: 'Intruders' }),
    update: { name: 'pwned' },
    outsider: { create: 403 },
    reader: { create: 403 },
  },
  {
    name: 'group_members',
    id: (w) => w.groupMember,
    create: (w) => ({ group: w.group, user: w.outsider.id }),
    without: ['update'],
    outsider: { create: 403 },
    reader: { create: 403 },
  },
  {
    name: 'product_type_members',
    id: (w) => w.productTypeMember,
    update: { role: 'Owner' },
    create: (w) => ({ product_type: w.productType, user: w.outsider.id, role: 'Owner' }),
  },
  {
    name: 'product_members',
    id: (w) => w.productMember,
    update: { role: 'Owner' },
    create: (w) => ({ product: w.product, user: w.outsider.id, role: 'Owner' }),
  },
  {
    name: 'product_type_groups',
    id: (w) => w.productTypeGroup,
    update: { role: 'Owner' },
    create: (w) => ({ product_type: w.productType, group: w.otherGroup, role: 'Owner' }),
  },
  {
    name: 'product_groups',
    id: (w) => w.productGroup,
    update: { role: 'Owner' },
    create: (w) => ({ product: w.product, group: w.otherGroup, role: 'Owner' }),
  },
];

function probes(): Probe[] {
  const all: Probe[] = [];
  for (const r of RESOURCES) {
    const expected = (verb: Verb, reader: number): Record<Actor, number> => ({
      outsider: r.outsider?.[verb] ?? 404,
      reader: r.reader?.[verb] ?? reader,
    });
    const base = `/${r.name}`;
    const item = (w: World) => `${base}/${r.id(w)}`;
    const verbs: Probe[] = [
      { resource: r.name, verb: 'create', method: 'POST', path: () => base, body: r.create, expect: expected('create', 403) },
      { resource: r.name, verb: 'read', method: 'GET', path: item, expect: expected('read', 200) },
      { resource: r.name, verb: 'update', method: 'PATCH', path: item, body: () => r.update, expect: expected('update', 403) },
      { resource: r.name, verb: 'delete', method: 'DELETE', path: item, expect: expected('delete', 403) },
    ];
    all.push(...verbs.filter((p) => !r.without?.includes(p.verb)), ...(r.extra ?? []).map((p) => ({ ...p, resource: r.name })));
  }
  return all;
}

let t: ApiApp;
let w: World;
let clients: Record<Actor, ApiClient>;
let before: Record<string, unknown>;

/** What an admin sees of every secret object, to compare after the attack. */
async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const r of RESOURCES) out[r.name] = (await t.admin.get(`/${r.name}/${r.id(w)}`)).body;
  out.notes = (await t.admin.get(`/findings/${w.finding}/notes`)).body.count;
  out.reviews = (await t.admin.get(`/findings/${w.finding}/request_review`)).body.count;
  // No object was added anywhere (the lists are small: counts are exact).
  for (const r of RESOURCES) out[`${r.name} count`] = (await t.admin.get(`/${r.name}`)).body.count;
  return out;
}

beforeAll(async () => {
  t = await startApiApp();
  const productType = (await makeProductType()).id;
  const program = await makeProgram(productType);
  const outsider = await makeUser();
  const reader = await makeUser();
  const victim = await makeUser();
  await addProductTypeMember(productType, reader.id, 'Reader');
  // The reader is in `group` (so it can see it); `granted` holds the group roles (so the reader does not).
  const group = await makeGroup([victim.id, reader.id]);
  const granted = await makeGroup([victim.id]);
  const otherGroup = (await makeGroup()).id;
  const database = db();
  const [groupMember] = await database
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.userId, victim.id), eq(groupMembers.groupId, group.id)));
  const [ptm] = await database
    .insert(productTypeMembers)
    .values({ productTypeId: productType, userId: victim.id, role: 'Writer' })
    .returning();
  const [pm] = await database
    .insert(productMembers)
    .values({ productId: program.product.id, userId: victim.id, role: 'Writer' })
    .returning();
  const [ptg] = await database
    .insert(productTypeGroups)
    .values({ productTypeId: productType, groupId: granted.id, role: 'Writer' })
    .returning();
  const [pg] = await database
    .insert(productGroups)
    .values({ productId: program.product.id, groupId: granted.id, role: 'Writer' })
    .returning();
  const [ra] = await database
    .insert(riskAcceptances)
    .values({ name: 'secret acceptance', productId: program.product.id, ownerId: victim.id })
    .returning();
  await database.insert(riskAcceptanceFindings).values({ riskAcceptanceId: ra!.id, findingId: program.finding.id });
  await database.insert(notes).values({ findingId: program.finding.id, authorId: victim.id, entry: 'secret note' });
  w = {
    productType,
    product: program.product.id,
    engagement: program.engagement.id,
    test: program.test.id,
    finding: program.finding.id,
    riskAcceptance: ra!.id,
    group: group.id,
    groupMember: groupMember!.id,
    productTypeMember: ptm!.id,
    productMember: pm!.id,
    productTypeGroup: ptg!.id,
    productGroup: pg!.id,
    victim: victim.id,
    outsider,
    reader,
    otherGroup,
  };
  clients = {
    outsider: t.api.as({ token: await tokenFor(outsider.id) }),
    reader: t.api.as({ token: await tokenFor(reader.id) }),
  };
  before = await snapshot();
});
afterAll(async () => t?.stop());

const table = probes();

describe.each(['outsider', 'reader'] as const)('as %s', (actor) => {
  it.each(table.map((p) => [`${p.method} ${p.resource}: ${p.verb}`, p] as const))('%s', async (_label, probe) => {
    const response = await clients[actor].request(probe.method, probe.path(w), probe.body?.(w));
    expect(response.status, JSON.stringify(response.body)).toBe(probe.expect[actor]);
    if (response.status === 404) expect(response.body).toEqual({ detail: 'Not found.' });
  });

  it.each(RESOURCES.map((r) => [r.name, r] as const))('lists of %s hold only what the caller may see', async (_name, r) => {
    const response = await clients[actor].get(`/${r.name}?limit=500`);
    const expected = r[actor]?.list ?? 200;
    expect(response.status).toBe(expected);
    if (expected !== 200) return;
    const ids = response.body.results.map((x: { id: number }) => x.id);
    if (actor === 'outsider') expect(ids).not.toContain(r.id(w));
    else expect(ids).toContain(r.id(w));
  });
});

describe('after the attack', () => {
  it('nothing secret changed, apart from the note the reader was allowed to add', async () => {
    const after = await snapshot();
    expect(after).toEqual({ ...before, notes: (before.notes as number) + 1 });
  });
});

describe('filters do not leak', () => {
  it('filtering a list by an object the caller cannot see gives an empty page, not its children', async () => {
    for (const url of [
      `/products?prod_type=${w.productType}`,
      `/engagements?product=${w.product}`,
      `/tests?engagement=${w.engagement}`,
      `/findings?test=${w.test}`,
      `/findings?product=${w.product}`,
      `/risk_acceptances?product=${w.product}`,
      `/product_members?product=${w.product}`,
      `/product_type_members?product_type=${w.productType}`,
      `/group_members?group=${w.group}`,
    ]) {
      expect((await clients.outsider.get(url)).body, url).toMatchObject({ count: 0, results: [] });
    }
  });

  it('moving a product into a product type the caller cannot see is a 404', async () => {
    const ownPt = (await makeProductType()).id;
    const owner = await makeUser();
    await addProductTypeMember(ownPt, owner.id, 'Owner');
    const api = t.api.as({ token: await tokenFor(owner.id) });
    const product = (await api.post('/products', { name: 'Movable', prod_type: ownPt })).body;
    expect((await api.patch(`/products/${product.id}`, { prod_type: w.productType })).status).toBe(404);
    // …and a risk acceptance cannot reach into another product's findings.
    const program = await makeProgram(ownPt);
    const theft = await api.post('/risk_acceptances', { name: 'r', product: program.product.id, findings: [w.finding] });
    expect(theft.body).toEqual({ errors: { findings: [`Finding ${w.finding} is not in this product.`] } });
  });
});
