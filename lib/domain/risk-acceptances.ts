// Risk acceptances: findings of one product accepted until an expiration date, with an owner who
// can see the product. Managing them needs the right to edit the product (Maintainer and up).
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, productViewersSql, visibleProductIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { riskAcceptanceFindings, riskAcceptances } from '../db/schema';
import { selectPage, type Page, type PageRequest } from './pagination';
import { denial, invalid, notFound, ok, type FieldErrors, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { id, idList, isoDate, parseWith, requiredText } from '../core/validation';

export const riskAcceptanceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  product: z.number().int(),
  findings: z.array(z.number().int()),
  expiration_date: z.iso.date().nullable(),
  owner: z.number().int().nullable(),
  created: z.iso.datetime(),
});
export type RiskAcceptance = z.infer<typeof riskAcceptanceSchema>;

export const riskAcceptanceCreateSchema = z.object({
  name: requiredText(255),
  product: id,
  findings: idList(1000).min(1, 'Choose at least one finding.'),
  expiration_date: isoDate.nullable().optional(),
  /** Defaults to the caller. */
  owner: id.optional(),
});
export const riskAcceptanceUpdateSchema = riskAcceptanceCreateSchema.omit({ product: true }).partial();
export type RiskAcceptanceCreate = z.input<typeof riskAcceptanceCreateSchema>;
export type RiskAcceptanceUpdate = z.input<typeof riskAcceptanceUpdateSchema>;

export interface RiskAcceptanceFilters {
  product?: number;
}

type Row = typeof riskAcceptances.$inferSelect;

function toRiskAcceptance(row: Row, findingIds: number[]): RiskAcceptance {
  return {
    id: row.id,
    name: row.name,
    product: row.productId,
    findings: [...findingIds].sort((a, b) => a - b),
    expiration_date: row.expirationDate,
    owner: row.ownerId,
    created: row.createdAt.toISOString(),
  };
}

async function findingIdsOf(db: Executor, ids: number[]): Promise<Map<number, number[]>> {
  const links = ids.length
    ? await db.select().from(riskAcceptanceFindings).where(inArray(riskAcceptanceFindings.riskAcceptanceId, ids))
    : [];
  const byId = new Map<number, number[]>(ids.map((i) => [i, []]));
  for (const link of links) byId.get(link.riskAcceptanceId)!.push(link.findingId);
  return byId;
}

/** Field errors for findings outside the product or an owner who cannot see it (same words whether or not they exist). */
async function checkReferences(
  db: Executor,
  productId: number,
  findingIds: number[] | undefined,
  ownerId: number | undefined,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (findingIds?.length) {
    const rows = await db.execute<{ id: number }>(sql`
      select f.id from findings f join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id
      where e.product_id = ${productId} and f.id in ${findingIds}`);
    const inProduct = new Set(rows.map((r) => r.id));
    const outside = findingIds.filter((f) => !inProduct.has(f));
    if (outside.length) errors.findings = outside.map((f) => `Finding ${f} is not in this product.`);
  }
  if (ownerId !== undefined) {
    const rows = await db.execute(sql`select 1 from (${productViewersSql(productId)}) v where v.user_id = ${ownerId}`);
    if (rows.length === 0) errors.owner = [`User ${ownerId} cannot view this product.`];
  }
  return errors;
}

async function authorizeOn(db: Executor, actor: Actor, riskAcceptanceId: number, action: 'view' | 'edit') {
  const row = await selectById(db, riskAcceptances, riskAcceptanceId);
  if (!row) return { denied: notFound() } as const;
  const denied = denial(await authorize(db, actor, { kind: 'product', id: row.productId }, action));
  return denied ? ({ denied } as const) : ({ row } as const);
}

export async function listRiskAcceptances(
  db: Executor,
  actor: Actor,
  filters: RiskAcceptanceFilters,
  page: PageRequest,
): Promise<Result<Page<RiskAcceptance>>> {
  const where = sql`${riskAcceptances.productId} in (${visibleProductIdsSql(actor)})
    ${filters.product ? sql`and ${riskAcceptances.productId} = ${filters.product}` : sql``}`;
  const rows = await selectPage(db, riskAcceptances, where, page);
  const links = await findingIdsOf(
    db,
    rows.results.map((r) => r.id),
  );
  return ok({ count: rows.count, results: rows.results.map((r) => toRiskAcceptance(r, links.get(r.id)!)) });
}

export async function getRiskAcceptance(db: Executor, actor: Actor, riskAcceptanceId: number): Promise<Result<RiskAcceptance>> {
  const found = await authorizeOn(db, actor, riskAcceptanceId, 'view');
  if (found.denied) return found.denied;
  const links = await findingIdsOf(db, [riskAcceptanceId]);
  return ok(toRiskAcceptance(found.row, links.get(riskAcceptanceId)!));
}

export async function createRiskAcceptance(db: Executor, actor: Actor, input: RiskAcceptanceCreate): Promise<Result<RiskAcceptance>> {
  const parsed = parseWith(riskAcceptanceCreateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product', id: data.product }, 'edit'));
    if (denied) return denied;
    const owner = data.owner ?? actor.id;
    const errors = await checkReferences(tx, data.product, data.findings, owner);
    if (Object.keys(errors).length) return invalid(errors);
    const [row] = await tx
      .insert(riskAcceptances)
      .values({
        name: data.name,
        productId: data.product,
        ownerId: owner,
        expirationDate: data.expiration_date ?? null,
      })
      .returning();
    await tx.insert(riskAcceptanceFindings).values(data.findings.map((findingId) => ({ riskAcceptanceId: row!.id, findingId })));
    return ok(toRiskAcceptance(row!, data.findings));
  });
}

/** `findings`, when given, replaces the accepted findings. */
export async function updateRiskAcceptance(
  db: Executor,
  actor: Actor,
  riskAcceptanceId: number,
  input: RiskAcceptanceUpdate,
): Promise<Result<RiskAcceptance>> {
  const parsed = parseWith(riskAcceptanceUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const found = await authorizeOn(tx, actor, riskAcceptanceId, 'edit');
    if (found.denied) return found.denied;
    const errors = await checkReferences(tx, found.row.productId, data.findings, data.owner);
    if (Object.keys(errors).length) return invalid(errors);
    const row = await updateById(tx, riskAcceptances, riskAcceptanceId, {
      name: data.name,
      ownerId: data.owner,
      expirationDate: data.expiration_date,
    });
    if (data.findings) {
      await tx.delete(riskAcceptanceFindings).where(eq(riskAcceptanceFindings.riskAcceptanceId, riskAcceptanceId));
      await tx.insert(riskAcceptanceFindings).values(data.findings.map((findingId) => ({ riskAcceptanceId, findingId })));
    }
    const links = await findingIdsOf(tx, [riskAcceptanceId]);
    return ok(toRiskAcceptance(row!, links.get(riskAcceptanceId)!));
  });
}

export async function deleteRiskAcceptance(db: Executor, actor: Actor, riskAcceptanceId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const found = await authorizeOn(tx, actor, riskAcceptanceId, 'edit');
    if (found.denied) return found.denied;
    await tx.delete(riskAcceptances).where(eq(riskAcceptances.id, riskAcceptanceId));
    return ok(null);
  });
}
