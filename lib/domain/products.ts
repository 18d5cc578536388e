// Products: live in a product type; their SLA days per severity override the system-wide ones.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, visibleProductIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { products } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { productFacts } from './event-facts';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { denial, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { productNameConflict } from './visible-names';
import { id, parseWith, requiredText, text } from '../core/validation';

const slaDays = z.number().int().min(1).max(3650).nullable();

export const productSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  prod_type: z.number().int(),
  sla_critical_days: slaDays,
  sla_high_days: slaDays,
  sla_medium_days: slaDays,
  sla_low_days: slaDays,
  created: z.iso.datetime(),
});
export type Product = z.infer<typeof productSchema>;

export const productCreateSchema = z.object({
  name: requiredText(255),
  description: text(4000).optional(),
  prod_type: id,
  sla_critical_days: slaDays.optional(),
  sla_high_days: slaDays.optional(),
  sla_medium_days: slaDays.optional(),
  sla_low_days: slaDays.optional(),
});
export const productUpdateSchema = productCreateSchema.partial();
export type ProductCreate = z.input<typeof productCreateSchema>;
export type ProductUpdate = z.input<typeof productUpdateSchema>;

export interface ProductFilters {
  prod_type?: number;
  name?: string;
}

function toProduct(row: typeof products.$inferSelect): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    prod_type: row.prodTypeId,
    sla_critical_days: row.slaCriticalDays,
    sla_high_days: row.slaHighDays,
    sla_medium_days: row.slaMediumDays,
    sla_low_days: row.slaLowDays,
    created: row.createdAt.toISOString(),
  };
}

function toColumns(input: z.output<typeof productUpdateSchema>) {
  return {
    name: input.name,
    description: input.description,
    prodTypeId: input.prod_type,
    slaCriticalDays: input.sla_critical_days,
    slaHighDays: input.sla_high_days,
    slaMediumDays: input.sla_medium_days,
    slaLowDays: input.sla_low_days,
  };
}

export async function listProducts(db: Executor, actor: Actor, filters: ProductFilters, page: PageRequest): Promise<Result<Page<Product>>> {
  const where = sql`${products.id} in (${visibleProductIdsSql(actor)})
    ${filters.prod_type ? sql`and ${products.prodTypeId} = ${filters.prod_type}` : sql``}
    ${filters.name ? sql`and lower(${products.name}) = ${filters.name.toLowerCase()}` : sql``}`;
  return ok(mapPage(await selectPage(db, products, where, page), toProduct));
}

export async function getProduct(db: Executor, actor: Actor, productId: number): Promise<Result<Product>> {
  const denied = denial(await authorize(db, actor, { kind: 'product', id: productId }, 'view'));
  if (denied) return denied;
  return ok(toProduct((await selectById(db, products, productId))!));
}

export async function createProduct(db: Executor, actor: Actor, input: ProductCreate): Promise<Result<Product>> {
  const parsed = parseWith(productCreateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product_type', id: parsed.value.prod_type }, 'add_child'));
    if (denied) return denied;
    const clash = await productNameConflict(tx, actor, parsed.value.name);
    if (clash) return clash;
    const [row] = await tx
      .insert(products)
      .values({ ...toColumns(parsed.value), name: parsed.value.name, prodTypeId: parsed.value.prod_type })
      .returning();
    await notify({ ...describeEvent('product_added', await productFacts(tx, row!.id)), actorId: actor.id }, tx);
    return ok(toProduct(row!));
  });
}

/** Moving a product to another product type also needs the right to add products there. */
export async function updateProduct(db: Executor, actor: Actor, productId: number, input: ProductUpdate): Promise<Result<Product>> {
  const parsed = parseWith(productUpdateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product', id: productId }, 'edit'));
    if (denied) return denied;
    const clash = await productNameConflict(tx, actor, parsed.value.name, productId);
    if (clash) return clash;
    const target = parsed.value.prod_type;
    if (target !== undefined) {
      const current = await selectById(tx, products, productId);
      if (current!.prodTypeId !== target) {
        const deniedTarget = denial(await authorize(tx, actor, { kind: 'product_type', id: target }, 'add_child'));
        if (deniedTarget) return deniedTarget;
      }
    }
    return ok(toProduct((await updateById(tx, products, productId, toColumns(parsed.value)))!));
  });
}

export async function deleteProduct(db: Executor, actor: Actor, productId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product', id: productId }, 'delete'));
    if (denied) return denied;
    await tx.delete(products).where(eq(products.id, productId));
    return ok(null);
  });
}
