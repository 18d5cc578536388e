// Product types: the top of the hierarchy. Superusers and global Maintainers/Owners create them.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, visibleProductTypeIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { productTypes } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { selectById, updateById } from './row-by-id';
import { denial, forbidden, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { productTypeNameConflict } from './visible-names';
import { parseWith, requiredText, text } from '../core/validation';

export const productTypeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  created: z.iso.datetime(),
});
export type ProductType = z.infer<typeof productTypeSchema>;

export const productTypeCreateSchema = z.object({
  name: requiredText(255),
  description: text(4000).optional(),
});
export const productTypeUpdateSchema = productTypeCreateSchema.partial();
export type ProductTypeCreate = z.input<typeof productTypeCreateSchema>;
export type ProductTypeUpdate = z.input<typeof productTypeUpdateSchema>;

export interface ProductTypeFilters {
  name?: string;
}

function toProductType(row: typeof productTypes.$inferSelect): ProductType {
  return { id: row.id, name: row.name, description: row.description, created: row.createdAt.toISOString() };
}

/** DefectDojo's "add product type" permission: superusers and global Maintainers or Owners. */
export function canAddProductType(actor: Actor): boolean {
  return actor.isSuperuser || actor.globalRole === 'Maintainer' || actor.globalRole === 'Owner';
}

export async function listProductTypes(
  db: Executor,
  actor: Actor,
  filters: ProductTypeFilters,
  page: PageRequest,
): Promise<Result<Page<ProductType>>> {
  const where = sql`${productTypes.id} in (${visibleProductTypeIdsSql(actor)})
    ${filters.name ? sql`and lower(${productTypes.name}) = ${filters.name.toLowerCase()}` : sql``}`;
  return ok(mapPage(await selectPage(db, productTypes, where, page), toProductType));
}

export async function getProductType(db: Executor, actor: Actor, id: number): Promise<Result<ProductType>> {
  const denied = denial(await authorize(db, actor, { kind: 'product_type', id }, 'view'));
  if (denied) return denied;
  return ok(toProductType((await selectById(db, productTypes, id))!));
}

export async function createProductType(db: Executor, actor: Actor, input: ProductTypeCreate): Promise<Result<ProductType>> {
  const parsed = parseWith(productTypeCreateSchema, input);
  if (!parsed.ok) return parsed;
  if (!canAddProductType(actor)) return forbidden();
  return inTransaction(db, async (tx) => {
    const clash = await productTypeNameConflict(tx, actor, parsed.value.name);
    if (clash) return clash;
    const [row] = await tx.insert(productTypes).values(parsed.value).returning();
    await notify({ ...describeEvent('product_type_added', { productType: { id: row!.id, name: row!.name } }), actorId: actor.id }, tx);
    return ok(toProductType(row!));
  });
}

export async function updateProductType(db: Executor, actor: Actor, id: number, input: ProductTypeUpdate): Promise<Result<ProductType>> {
  const parsed = parseWith(productTypeUpdateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product_type', id }, 'edit'));
    if (denied) return denied;
    const clash = await productTypeNameConflict(tx, actor, parsed.value.name, id);
    if (clash) return clash;
    return ok(toProductType((await updateById(tx, productTypes, id, parsed.value))!));
  });
}

export async function deleteProductType(db: Executor, actor: Actor, id: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product_type', id }, 'delete'));
    if (denied) return denied;
    await tx.delete(productTypes).where(eq(productTypes.id, id));
    return ok(null);
  });
}
