// Where a scan goes: the test to reimport into, or the engagement to import into, found by id or
// by names as DefectDojo does, creating the product type, product and engagement that are missing
// when `auto_create_context` is set, each with the creator's permission (the domain's own create
// functions check it and emit their *_added events in the import's transaction).
import { sql } from 'drizzle-orm';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { createEngagement } from '../domain/engagements';
import { createProduct } from '../domain/products';
import { createProductType } from '../domain/product-types';
import { denial, invalid, ok, type Result } from '../core/result';
import { toIsoDate } from '../domain/sla';
import type { ScanForm } from './options';

export type ScanTarget = { kind: 'reimport'; testId: number } | { kind: 'import'; engagementId: number };

async function idWhere(tx: Executor, query: ReturnType<typeof sql>): Promise<number | null> {
  const [row] = await tx.execute<{ id: number }>(query);
  return row ? row.id : null;
}

/** The engagement a named import goes to; null with a 400 when it is missing and may not be created. */
async function engagementByNames(tx: Executor, actor: Actor, form: ScanForm): Promise<Result<number>> {
  if (!form.product_name || !form.engagement_name) {
    return invalid({ engagement: ['Give engagement (an id), or product_name and engagement_name.'] });
  }
  let productId = await idWhere(tx, sql`select id from products where lower(name) = lower(${form.product_name})`);
  if (productId !== null) {
    const denied = denial(await authorize(tx, actor, { kind: 'product', id: productId }, 'view'));
    if (denied) return denied;
  } else {
    if (!form.auto_create_context) {
      return invalid({
        product_name: [`Product '${form.product_name}' does not exist; send auto_create_context=true to create it.`],
      });
    }
    const created = await productIn(tx, actor, form);
    if (!created.ok) return created;
    productId = created.value;
  }
  const engagementId = await idWhere(
    tx,
    sql`
    select id from engagements where product_id = ${productId} and lower(name) = lower(${form.engagement_name})
    order by id desc limit 1`,
  );
  if (engagementId !== null) return ok(engagementId);
  if (!form.auto_create_context) {
    return invalid({
      engagement_name: [
        `Engagement '${form.engagement_name}' does not exist in '${form.product_name}'; ` + 'send auto_create_context=true to create it.',
      ],
    });
  }
  const today = toIsoDate(new Date());
  const created = await createEngagement(tx, actor, {
    name: form.engagement_name,
    product: productId,
    target_start: form.scan_date ?? today,
    target_end: form.scan_date ?? today,
    status: 'In Progress',
  });
  return created.ok ? ok(created.value.id) : created;
}

/** A new product named by the form, in the named product type (created too when missing). */
async function productIn(tx: Executor, actor: Actor, form: ScanForm): Promise<Result<number>> {
  if (!form.product_type_name) {
    return invalid({ product_type_name: ['Give product_type_name: the product type of the product to create.'] });
  }
  let typeId = await idWhere(tx, sql`select id from product_types where lower(name) = lower(${form.product_type_name})`);
  if (typeId === null) {
    const created = await createProductType(tx, actor, { name: form.product_type_name });
    if (!created.ok) return created;
    typeId = created.value.id;
  }
  const product = await createProduct(tx, actor, { name: form.product_name!, prod_type: typeId });
  return product.ok ? ok(product.value.id) : product;
}

/** The test of this scan type (and title, when given) in the engagement, the newest. */
async function testIn(tx: Executor, engagementId: number, form: ScanForm): Promise<number | null> {
  return idWhere(
    tx,
    sql`
    select id from tests where engagement_id = ${engagementId} and lower(test_type) = lower(${form.scan_type})
      ${form.test_title ? sql`and title = ${form.test_title}` : sql``}
    order by id desc limit 1`,
  );
}

export async function findScanTarget(tx: Executor, actor: Actor, kind: 'import' | 'reimport', form: ScanForm): Promise<Result<ScanTarget>> {
  if (kind === 'reimport' && form.test !== undefined) {
    const denied = denial(await authorize(tx, actor, { kind: 'test', id: form.test }, 'import'));
    return denied ?? ok({ kind: 'reimport', testId: form.test });
  }
  let engagementId: number;
  if (form.engagement !== undefined) {
    const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: form.engagement }, 'import'));
    if (denied) return denied;
    engagementId = form.engagement;
  } else {
    const found = await engagementByNames(tx, actor, form);
    if (!found.ok) return found;
    engagementId = found.value;
  }
  if (kind === 'reimport') {
    const testId = await testIn(tx, engagementId, form);
    if (testId !== null) {
      const denied = denial(await authorize(tx, actor, { kind: 'test', id: testId }, 'import'));
      return denied ?? ok({ kind: 'reimport', testId });
    }
    if (!form.auto_create_context) {
      return invalid({
        test: [
          `No '${form.scan_type}' test${form.test_title ? ` titled '${form.test_title}'` : ''} in that engagement; ` +
            'give test, or send auto_create_context=true to import one.',
        ],
      });
    }
  }
  const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: engagementId }, 'import'));
  return denied ?? ok({ kind: 'import', engagementId });
}
