// The IDOR suite for server actions: called directly, as a page's form would call them, with a
// signed-in user who cannot see the program (outsider) or only reads it (reader). Every call answers
// not found (or not allowed, where the object is visible) and nothing in the database changes.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE, type ActionState, type FormAction } from '@/lib/session/action';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { groupMembers, noteMentions, notes, productTypeMembers, riskAcceptanceFindings, riskAcceptances } from '@/lib/db/schema';
import { addProductTypeMember, makeGroup, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({
  requireUser: async () => {
    if (!session.user) throw new Error('no session in this test');
    return session.user;
  },
  currentUser: async () => session.user,
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const productTypeActions = await import('@/app/(app)/product-types/actions');
const productActions = await import('@/app/(app)/products/actions');
const riskActions = await import('@/app/(app)/products/risk-acceptance-actions');
const engagementActions = await import('@/app/(app)/engagements/actions');
const testActions = await import('@/app/(app)/tests/actions');
const findingActions = await import('@/app/(app)/findings/actions');
const userActions = await import('@/app/(app)/admin/users/actions');
const groupActions = await import('@/app/(app)/admin/groups/actions');
const membershipActions = await import('@/app/(app)/admin/membership-actions');
const profileActions = await import('@/app/(app)/profile/actions');

interface World {
  productType: number;
  product: number;
  engagement: number;
  test: number;
  finding: number;
  riskAcceptance: number;
  outsider: User;
  reader: User;
  admin: User;
  /** The admin's group (neither caller is in it), one of its members, the reader's own membership, the admin's token. */
  group: number;
  groupMember: number;
  readerMembership: number;
  adminToken: number;
}

type Who = 'outsider' | 'reader';
type Fields = Record<string, string | string[]>;

interface Probe {
  name: string;
  action: FormAction;
  form: (w: World) => Fields;
  /** Expected status per caller; absent: the caller may do it (not probed). */
  expect: Partial<Record<Who, 403 | 404>>;
}

const hidden = 404 as const;
const visible = { outsider: hidden, reader: 403 } as const;

const PROBES: Probe[] = [
  // Adding a product type is a global permission: refused, whoever asks.
  {
    name: 'create product type',
    action: productTypeActions.createProductTypeAction,
    form: () => ({ name: 'Intruder' }),
    expect: { outsider: 403, reader: 403 },
  },
  {
    name: 'edit product type',
    action: productTypeActions.updateProductTypeAction,
    form: (w) => ({ id: `${w.productType}`, name: 'pwned' }),
    expect: visible,
  },
  {
    name: 'delete product type',
    action: productTypeActions.deleteProductTypeAction,
    form: (w) => ({ id: `${w.productType}` }),
    expect: visible,
  },
  {
    name: 'create product',
    action: productActions.createProductAction,
    form: (w) => ({ name: 'Intruder', prod_type: `${w.productType}` }),
    expect: visible,
  },
  {
    name: 'edit product',
    action: productActions.updateProductAction,
    form: (w) => ({ id: `${w.product}`, name: 'pwned' }),
    expect: visible,
  },
  { name: 'delete product', action: productActions.deleteProductAction, form: (w) => ({ id: `${w.product}` }), expect: visible },
  {
    name: 'create engagement',
    action: engagementActions.createEngagementAction,
    expect: visible,
    form: (w) => ({ name: 'e', product: `${w.product}`, target_start: '2026-01-01', target_end: '2026-01-02' }),
  },
  {
    name: 'edit engagement',
    action: engagementActions.updateEngagementAction,
    form: (w) => ({ id: `${w.engagement}`, name: 'pwned' }),
    expect: visible,
  },
  {
    name: 'delete engagement',
    action: engagementActions.deleteEngagementAction,
    form: (w) => ({ id: `${w.engagement}` }),
    expect: visible,
  },
  { name: 'close engagement', action: engagementActions.closeEngagementAction, form: (w) => ({ id: `${w.engagement}` }), expect: visible },
  {
    name: 'reopen engagement',
    action: engagementActions.reopenEngagementAction,
    form: (w) => ({ id: `${w.engagement}` }),
    expect: visible,
  },
  {
    name: 'create test',
    action: testActions.createTestAction,
    form: (w) => ({ engagement: `${w.engagement}`, title: 't', test_type: 'x' }),
    expect: visible,
  },
  { name: 'edit test', action: testActions.updateTestAction, form: (w) => ({ id: `${w.test}`, title: 'pwned' }), expect: visible },
  { name: 'delete test', action: testActions.deleteTestAction, form: (w) => ({ id: `${w.test}` }), expect: visible },
  {
    name: 'create finding',
    action: findingActions.createFindingAction,
    form: (w) => ({ test: `${w.test}`, title: 'f', severity: 'Low' }),
    expect: visible,
  },
  {
    name: 'edit finding',
    action: findingActions.updateFindingAction,
    form: (w) => ({ id: `${w.finding}`, title: 'pwned', severity: 'Info' }),
    expect: visible,
  },
  { name: 'delete finding', action: findingActions.deleteFindingAction, form: (w) => ({ id: `${w.finding}` }), expect: visible },
  // Readers may comment (DefectDojo's Reader role): only the outsider is refused.
  {
    name: 'add note',
    action: findingActions.addNoteAction,
    form: (w) => ({ finding: `${w.finding}`, entry: 'hi @admin' }),
    expect: { outsider: hidden },
  },
  {
    name: 'request review',
    action: findingActions.requestReviewAction,
    expect: visible,
    form: (w) => ({ finding: `${w.finding}`, reviewers: [`${w.admin.id}`] }),
  },
  {
    name: 'create risk acceptance',
    action: riskActions.createRiskAcceptanceAction,
    expect: visible,
    form: (w) => ({ name: 'r', product: `${w.product}`, findings: [`${w.finding}`], owner: `${w.reader.id}` }),
  },
  {
    name: 'delete risk acceptance',
    action: riskActions.deleteRiskAcceptanceAction,
    form: (w) => ({ id: `${w.riskAcceptance}` }),
    expect: visible,
  },
  // Administration: superusers only.
  {
    name: 'create user',
    action: userActions.createUserAction,
    form: () => ({ username: 'intruder', password: 'long-enough-pw' }),
    expect: { outsider: 403, reader: 403 },
  },
  {
    name: 'edit user',
    action: userActions.updateUserAction,
    expect: { outsider: 403, reader: 403 },
    form: (w) => ({ id: `${w.admin.id}`, username: w.admin.username, is_active: 'on', is_superuser: 'on', password: 'taken-over-now' }),
  },
  {
    name: 'deactivate user',
    action: userActions.setUserActiveAction,
    form: (w) => ({ id: `${w.admin.id}` }),
    expect: { outsider: 403, reader: 403 },
  },
  {
    name: 'create group',
    action: groupActions.createGroupAction,
    form: () => ({ name: 'Intruders' }),
    expect: { outsider: 403, reader: 403 },
  },
  {
    name: 'edit group',
    action: groupActions.updateGroupAction,
    form: (w) => ({ id: `${w.group}`, name: 'pwned' }),
    expect: { outsider: hidden, reader: hidden },
  },
  {
    name: 'delete group',
    action: groupActions.deleteGroupAction,
    form: (w) => ({ id: `${w.group}` }),
    expect: { outsider: hidden, reader: hidden },
  },
  {
    name: 'join group',
    action: groupActions.addGroupMemberAction,
    expect: { outsider: 403, reader: 403 },
    form: (w) => ({ group: `${w.group}`, user: `${w.outsider.id}` }),
  },
  {
    name: 'remove group member',
    action: groupActions.removeGroupMemberAction,
    form: (w) => ({ id: `${w.groupMember}` }),
    expect: { outsider: hidden, reader: hidden },
  },
  {
    name: 'grant a role in the product type',
    action: membershipActions.addMembershipAction,
    expect: visible,
    form: (w) => ({ kind: 'product_type_members', product_type: `${w.productType}`, user: `${w.outsider.id}`, role: 'Owner' }),
  },
  {
    name: 'grant a role in the product',
    action: membershipActions.addMembershipAction,
    expect: visible,
    form: (w) => ({ kind: 'product_members', product: `${w.product}`, user: `${w.outsider.id}`, role: 'Owner' }),
  },
  {
    name: 'change a role',
    action: membershipActions.changeMembershipRoleAction,
    expect: visible,
    form: (w) => ({ kind: 'product_type_members', id: `${w.readerMembership}`, role: 'Owner' }),
  },
  {
    name: 'remove a role',
    action: membershipActions.removeMembershipAction,
    expect: visible,
    form: (w) => ({ kind: 'product_type_members', id: `${w.readerMembership}` }),
  },
  // Someone else's API token, as if it were one's own.
  {
    name: "revoke another user's token",
    action: profileActions.revokeApiTokenAction,
    form: (w) => ({ id: `${w.adminToken}` }),
    expect: { outsider: hidden, reader: hidden },
  },
];

const TABLES = [
  'product_types',
  'products',
  'engagements',
  'tests',
  'findings',
  'notes',
  'note_mentions',
  'review_requests',
  'review_request_reviewers',
  'risk_acceptances',
  'risk_acceptance_findings',
  'users',
  'groups',
  'group_members',
  'product_type_members',
  'product_members',
  'product_type_groups',
  'product_groups',
  'api_tokens',
];

/** Every row of every table the actions could touch. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    out[table] = [...(await db().execute(sql`select to_jsonb(t) as row from ${sql.identifier(table)} t order by 1`))];
  }
  return out;
}

function formData(fields: Fields): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) data.append(key, v);
  return data;
}

async function callAs(user: User, action: FormAction, fields: Fields): Promise<ActionState> {
  session.user = user;
  return action({}, formData(fields));
}

let w: World;
let before: Record<string, unknown[]>;

beforeAll(async () => {
  const productType = (await makeProductType()).id;
  const program = await makeProgram(productType);
  const [outsider, reader, admin] = [await makeUser(), await makeUser(), await makeUser({ isSuperuser: true })];
  await addProductTypeMember(productType, reader.id, 'Reader');
  const [readerMembership] = await db().select().from(productTypeMembers).where(eq(productTypeMembers.userId, reader.id));
  const group = await makeGroup([admin.id]);
  const [groupMember] = await db().select().from(groupMembers).where(eq(groupMembers.groupId, group.id));
  const token = await createApiToken(db(), admin.id, { name: 'admin tool' });
  const [ra] = await db()
    .insert(riskAcceptances)
    .values({ name: 'secret acceptance', productId: program.product.id, ownerId: admin.id })
    .returning();
  await db().insert(riskAcceptanceFindings).values({ riskAcceptanceId: ra!.id, findingId: program.finding.id });
  w = {
    productType,
    product: program.product.id,
    engagement: program.engagement.id,
    test: program.test.id,
    finding: program.finding.id,
    riskAcceptance: ra!.id,
    outsider,
    reader,
    admin,
    group: group.id,
    groupMember: groupMember!.id,
    readerMembership: readerMembership!.id,
    adminToken: token.ok ? token.value.token.id : 0,
  };
  before = await snapshot();
});

describe.each(['outsider', 'reader'] as const)('server actions called directly as the %s', (who) => {
  const probes = PROBES.filter((p) => p.expect[who]);
  it.each(probes.map((p) => [p.name, p] as const))('%s is refused', async (_name, probe) => {
    const state = await callAs(w[who], probe.action, probe.form(w));
    expect(state.ok).toBe(false);
    expect(state.status).toBe(probe.expect[who]);
    expect(state.detail).toBe(probe.expect[who] === 404 ? NOT_FOUND_MESSAGE : NOT_ALLOWED_MESSAGE);
  });
});

describe('after the attempts', () => {
  it('nothing changed in the database', async () => {
    expect(await snapshot()).toEqual(before);
  });
});

describe('the same actions for someone allowed (the probes are not vacuous)', () => {
  it('a Reader may add a note; its @mention of a viewer is stored', async () => {
    await expect(
      callAs(w.reader, findingActions.addNoteAction, { finding: `${w.finding}`, entry: 'ping @' + w.admin.username }),
    ).resolves.toMatchObject({ ok: true });
    const [note] = await db()
      .select()
      .from(notes)
      .where(sql`${notes.findingId} = ${w.finding}`);
    const mentions = await db()
      .select()
      .from(noteMentions)
      .where(sql`${noteMentions.noteId} = ${note!.id}`);
    expect(mentions.map((m) => m.userId)).toEqual([w.admin.id]);
  });

  it("a superuser accepts a risk on a finding of the product, owned by the reader, and requests the reader's review", async () => {
    const accepted = await callAs(w.admin, riskActions.createRiskAcceptanceAction, {
      name: 'Until the rewrite',
      product: `${w.product}`,
      findings: [`${w.finding}`],
      expiration_date: '2030-01-01',
      owner: `${w.reader.id}`,
    });
    expect(accepted).toMatchObject({ ok: true, data: { findings: [w.finding], owner: w.reader.id, expiration_date: '2030-01-01' } });
    const review = await callAs(w.admin, findingActions.requestReviewAction, { finding: `${w.finding}`, reviewers: [`${w.reader.id}`] });
    expect(review).toMatchObject({ ok: true, data: { reviewers: [w.reader.id] } });
    const blind = await callAs(w.admin, findingActions.requestReviewAction, { finding: `${w.finding}`, reviewers: [`${w.outsider.id}`] });
    expect(blind).toMatchObject({ ok: false, status: 400, errors: { reviewers: [`User ${w.outsider.id} cannot view this finding.`] } });
  });

  it('a superuser editing the product is redirected to it, and the change is made', async () => {
    await expect(
      callAs(w.admin, productActions.updateProductAction, { id: `${w.product}`, name: 'Renamed', prod_type: `${w.productType}` }),
    ).rejects.toMatchObject({ digest: expect.stringContaining(`/products/${w.product}`) });
    const [row] = await db().execute<{ name: string }>(sql`select name from products where id = ${w.product}`);
    expect(row!.name).toBe('Renamed');
  });
});
