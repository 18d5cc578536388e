// No answer tells a caller of an object they cannot see: a name held only by a hidden product or
// product type is not "already taken" for them (names are unique among what each caller sees).
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { updateProductType } from '@/lib/domain/product-types';
import { createProduct, updateProduct } from '@/lib/domain/products';
import { addProductMember, addProductTypeMember, makeProduct, makeProductType, makeUser } from '../support/fixtures';

describe('product names', () => {
  it('renaming to the name of a product the caller cannot see is not a 409 (no oracle)', async () => {
    const owner = await makeUser();
    const mine = await makeProduct((await makeProductType()).id);
    await addProductMember(mine.id, owner.id, 'Owner');
    await makeProduct((await makeProductType()).id, 'Project Nightjar');
    const renamed = await updateProduct(db(), owner, mine.id, { name: 'project nightjar' });
    expect(renamed).toMatchObject({ ok: true, value: { name: 'project nightjar' } });
  });

  it('renaming to the name of a product the caller can see is a 409, whatever the case', async () => {
    const owner = await makeUser();
    const [a, b] = [await makeProduct((await makeProductType()).id), await makeProduct((await makeProductType()).id, 'Visible One')];
    await addProductMember(a.id, owner.id, 'Owner');
    await addProductMember(b.id, owner.id, 'Reader');
    expect(await updateProduct(db(), owner, a.id, { name: 'VISIBLE ONE' })).toEqual({
      ok: false,
      status: 409,
      errors: { name: ['A product with this name already exists.'] },
    });
    // Keeping its own name is no clash.
    expect((await updateProduct(db(), owner, b.id, { name: 'Visible One' })).ok).toBe(false); // a Reader may not edit
    expect((await updateProduct(db(), owner, a.id, { name: a.name })).ok).toBe(true);
  });

  it("creating: a hidden product's name is free for the caller; a superuser, who sees all, gets the 409", async () => {
    const writer = await makeUser();
    const type = await makeProductType();
    await addProductTypeMember(type.id, writer.id, 'Owner');
    await makeProduct((await makeProductType()).id, 'Hidden Hawk');
    expect((await createProduct(db(), writer, { name: 'Hidden Hawk', description: '', prod_type: type.id })).ok).toBe(true);
    const admin = await makeUser({ isSuperuser: true });
    expect(await createProduct(db(), admin, { name: 'hidden hawk', description: '', prod_type: type.id })).toMatchObject({ status: 409 });
  });
});

describe('product type names', () => {
  it("renaming to a hidden product type's name is not a 409; to a visible one's, it is", async () => {
    const owner = await makeUser();
    const [mine, seen] = [await makeProductType(), await makeProductType('Seen Type')];
    await makeProductType('Unseen Type');
    await addProductTypeMember(mine.id, owner.id, 'Owner');
    await addProductTypeMember(seen.id, owner.id, 'Reader');
    expect((await updateProductType(db(), owner, mine.id, { name: 'unseen type' })).ok).toBe(true);
    expect(await updateProductType(db(), owner, mine.id, { name: 'seen type' })).toMatchObject({ status: 409 });
  });
});
