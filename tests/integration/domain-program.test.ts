// Domain rules of the program and its administration, called directly (no HTTP): who may create
// product types, move products, close engagements, accept risks and grant roles.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { productTypeMembers, riskAcceptanceFindings, users } from '@/lib/db/schema';
import { closeEngagement, reopenEngagement, updateEngagement } from '@/lib/domain/engagements';
import { createMembership, deleteMembership, updateMembership } from '@/lib/domain/memberships';
import { createProductType } from '@/lib/domain/product-types';
import { updateProduct } from '@/lib/domain/products';
import { createRiskAcceptance, updateRiskAcceptance } from '@/lib/domain/risk-acceptances';
import { createUserAsAdmin, getUser } from '@/lib/domain/users';
import { addProductMember, addProductTypeMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

let superuser: User;
beforeAll(async () => {
  superuser = await makeUser({ isSuperuser: true });
});

describe('product types', () => {
  it('superusers and global Maintainers or Owners may add one; others get 403', async () => {
    for (const role of ['Maintainer', 'Owner'] as const) {
      const user = await makeUser({ globalRole: role });
      expect(await createProductType(db(), user, { name: `by global ${role}` })).toMatchObject({ ok: true });
    }
    expect(await createProductType(db(), superuser, { name: 'by superuser' })).toMatchObject({ ok: true });
    const owner = await makeUser();
    await addProductTypeMember((await makeProductType()).id, owner.id, 'Owner');
    for (const user of [await makeUser({ globalRole: 'Writer' }), owner, await makeUser()]) {
      expect(await createProductType(db(), user, { name: `denied ${user.id}` })).toMatchObject({ ok: false, status: 403 });
    }
  });
});

describe('products', () => {
  it('moving a product needs the right to add products to the new product type', async () => {
    const from = await makeProductType();
    const to = await makeProductType();
    const program = await makeProgram(from.id);
    const user = await makeUser();
    await addProductTypeMember(from.id, user.id, 'Owner');
    await addProductTypeMember(to.id, user.id, 'Writer');
    expect(await updateProduct(db(), user, program.product.id, { prod_type: to.id })).toMatchObject({ ok: false, status: 403 });
    await db().update(productTypeMembers).set({ role: 'Maintainer' }).where(eq(productTypeMembers.productTypeId, to.id));
    expect(await updateProduct(db(), user, program.product.id, { prod_type: to.id })).toMatchObject({
      ok: true,
      value: { prod_type: to.id },
    });
  });
});

describe('engagements', () => {
  it('Writers close and reopen engagements; Readers may not', async () => {
    const program = await makeProgram((await makeProductType()).id);
    const writer = await makeUser();
    const reader = await makeUser();
    await addProductMember(program.product.id, writer.id, 'Writer');
    await addProductMember(program.product.id, reader.id, 'Reader');
    expect(await closeEngagement(db(), reader, program.engagement.id)).toMatchObject({ ok: false, status: 403 });
    expect(await closeEngagement(db(), writer, program.engagement.id)).toMatchObject({ ok: true, value: { status: 'Completed' } });
    expect(await reopenEngagement(db(), writer, program.engagement.id)).toMatchObject({ ok: true, value: { status: 'In Progress' } });
    expect(await updateEngagement(db(), writer, program.engagement.id, { target_end: '2025-01-01' })).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe('risk acceptances', () => {
  it('need Maintainer rights on the product; findings must be in the product; the owner must see it', async () => {
    const program = await makeProgram((await makeProductType()).id);
    const other = await makeProgram((await makeProductType()).id);
    const writer = await makeUser();
    const maintainer = await makeUser();
    const stranger = await makeUser();
    await addProductMember(program.product.id, writer.id, 'Writer');
    await addProductMember(program.product.id, maintainer.id, 'Maintainer');
    const input = { name: 'accept', product: program.product.id, findings: [program.finding.id] };

    expect(await createRiskAcceptance(db(), writer, input)).toMatchObject({ ok: false, status: 403 });
    expect(await createRiskAcceptance(db(), stranger, input)).toMatchObject({ ok: false, status: 404 });
    const wrong = await createRiskAcceptance(db(), maintainer, {
      ...input,
      findings: [program.finding.id, other.finding.id],
      owner: stranger.id,
    });
    expect(wrong).toMatchObject({
      ok: false,
      status: 400,
      errors: {
        findings: [`Finding ${other.finding.id} is not in this product.`],
        owner: [`User ${stranger.id} cannot view this product.`],
      },
    });

    const made = await createRiskAcceptance(db(), maintainer, { ...input, expiration_date: '2026-06-30' });
    expect(made).toMatchObject({
      ok: true,
      value: { owner: maintainer.id, findings: [program.finding.id], expiration_date: '2026-06-30' },
    });
    if (!made.ok) return;
    // A failed update changes nothing, not even the findings it would have replaced.
    expect(await updateRiskAcceptance(db(), maintainer, made.value.id, { name: 'renamed', findings: [other.finding.id] })).toMatchObject({
      status: 400,
    });
    const links = await db().select().from(riskAcceptanceFindings).where(eq(riskAcceptanceFindings.riskAcceptanceId, made.value.id));
    expect(links.map((l) => l.findingId)).toEqual([program.finding.id]);
  });
});

describe('memberships', () => {
  it('a Maintainer manages members but only an Owner grants, changes or removes the Owner role', async () => {
    const pt = await makeProductType();
    const program = await makeProgram(pt.id);
    const maintainer = await makeUser();
    const owner = await makeUser();
    const newcomer = await makeUser();
    await addProductMember(program.product.id, maintainer.id, 'Maintainer');
    await addProductMember(program.product.id, owner.id, 'Owner');

    const asReader = await createMembership(db(), maintainer, 'product_members', {
      product: program.product.id,
      user: newcomer.id,
      role: 'Reader',
    });
    expect(asReader).toMatchObject({ ok: true, value: { product: program.product.id, user: newcomer.id, role: 'Reader' } });
    if (!asReader.ok) return;
    expect(await updateMembership(db(), maintainer, 'product_members', asReader.value.id, { role: 'Owner' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await updateMembership(db(), maintainer, 'product_members', asReader.value.id, { role: 'Maintainer' })).toMatchObject({
      ok: true,
    });
    expect(await updateMembership(db(), owner, 'product_members', asReader.value.id, { role: 'Owner' })).toMatchObject({ ok: true });
    expect(await deleteMembership(db(), maintainer, 'product_members', asReader.value.id)).toMatchObject({ ok: false, status: 403 });
    expect(await deleteMembership(db(), owner, 'product_members', asReader.value.id)).toMatchObject({ ok: true });
  });

  it('a Writer cannot manage members (403); a stranger gets 404', async () => {
    const pt = await makeProductType();
    const writer = await makeUser();
    await addProductTypeMember(pt.id, writer.id, 'Writer');
    const input = { product_type: pt.id, user: (await makeUser()).id, role: 'Reader' };
    expect(await createMembership(db(), writer, 'product_type_members', input)).toMatchObject({ ok: false, status: 403 });
    expect(await createMembership(db(), await makeUser(), 'product_type_members', input)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('users', () => {
  it('only superusers administer users; new users are made by createUser, with a hashed password', async () => {
    const plain = await makeUser({ globalRole: 'Owner' });
    expect(await createUserAsAdmin(db(), plain, { username: 'nope', password: 'long-enough-1' })).toMatchObject({ ok: false, status: 403 });
    expect(await getUser(db(), plain, superuser.id)).toMatchObject({ ok: false, status: 403 });
    const made = await createUserAsAdmin(db(), superuser, { username: 'made-by-admin', password: 'long-enough-1' });
    expect(made).toMatchObject({ ok: true, value: { username: 'made-by-admin', is_active: true, is_superuser: false, global_role: null } });
    const [row] = await db().select().from(users).where(eq(users.username, 'made-by-admin'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
