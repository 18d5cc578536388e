// Findings: what a test found. The SLA due date is computed here, on create and whenever the
// severity or the found-on date changes, from the product's SLA days (or the system-wide ones).
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, visibleProductIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { engagements, findings, products, tests } from '../db/schema';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { denial, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { slaDaysFor, slaExpirationDate, toIsoDate, type SlaDays } from './sla';
import { inTransaction } from '../core/transaction';
import { id, isoDate, parseWith, requiredText, text } from '../core/validation';

export const findingSchema = z.object({
  id: z.number().int(),
  test: z.number().int(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  description: z.string(),
  active: z.boolean(),
  verified: z.boolean(),
  date: z.iso.date(),
  sla_expiration_date: z.iso.date().nullable(),
  reporter: z.number().int().nullable(),
  created: z.iso.datetime(),
  // What scan reports carry (lib/scans), with DefectDojo's names.
  file_path: z.string().nullable(),
  line: z.number().int().nullable(),
  cwe: z.number().int().nullable(),
  vulnerability_ids: z.array(z.object({ vulnerability_id: z.string() })).meta({ description: 'CVE, GHSA, … ids.' }),
  component_name: z.string().nullable(),
  component_version: z.string().nullable(),
  unique_id_from_tool: z.string().nullable(),
  hash_code: z.string().nullable(),
  static_finding: z.boolean(),
  dynamic_finding: z.boolean(),
  false_p: z.boolean(),
  is_mitigated: z.boolean(),
  mitigation: z.string(),
  references: z.string(),
  endpoints: z.array(z.string()).meta({ description: 'URLs (DAST).' }),
});
export type Finding = z.infer<typeof findingSchema>;

export const findingCreateSchema = z.object({
  test: id,
  title: requiredText(511),
  severity: z.enum(SEVERITIES),
  description: text(100_000).optional(),
  active: z.boolean().optional(),
  verified: z.boolean().optional(),
  date: isoDate.optional(),
});
export const findingUpdateSchema = findingCreateSchema.omit({ test: true }).partial();
export type FindingCreate = z.input<typeof findingCreateSchema>;
export type FindingUpdate = z.input<typeof findingUpdateSchema>;

export interface FindingFilters {
  test?: number;
  engagement?: number;
  product?: number;
  severity?: Severity;
  active?: boolean;
  verified?: boolean;
}

type Row = typeof findings.$inferSelect;

function toFinding(row: Row): Finding {
  return {
    id: row.id,
    test: row.testId,
    title: row.title,
    severity: row.severity,
    description: row.description,
    active: row.active,
    verified: row.verified,
    date: row.date,
    sla_expiration_date: row.slaExpirationDate,
    reporter: row.reporterId,
    created: row.createdAt.toISOString(),
    file_path: row.filePath,
    line: row.line,
    cwe: row.cwe,
    vulnerability_ids: row.vulnerabilityIds.map((vulnerability_id) => ({ vulnerability_id })),
    component_name: row.componentName,
    component_version: row.componentVersion,
    unique_id_from_tool: row.uniqueIdFromTool,
    hash_code: row.hashCode,
    static_finding: row.staticFinding,
    dynamic_finding: row.dynamicFinding,
    false_p: row.falseP,
    is_mitigated: row.isMitigated,
    mitigation: row.mitigation,
    references: row.references,
    endpoints: row.endpoints,
  };
}

/** The SLA days per severity of this test's product (its own, else the system-wide ones). */
export async function slaDaysOfTest(db: Executor, testId: number): Promise<SlaDays> {
  const [product] = await db
    .select({
      slaCriticalDays: products.slaCriticalDays,
      slaHighDays: products.slaHighDays,
      slaMediumDays: products.slaMediumDays,
      slaLowDays: products.slaLowDays,
    })
    .from(tests)
    .innerJoin(engagements, eq(engagements.id, tests.engagementId))
    .innerJoin(products, eq(products.id, engagements.productId))
    .where(eq(tests.id, testId));
  return slaDaysFor(product ?? null);
}

/** The SLA due date of a finding of this severity, found on this day, in this test's product. */
async function slaDate(db: Executor, testId: number, foundOn: string, severity: Severity): Promise<string | null> {
  return slaExpirationDate(foundOn, severity, await slaDaysOfTest(db, testId));
}

export async function listFindings(db: Executor, actor: Actor, filters: FindingFilters, page: PageRequest): Promise<Result<Page<Finding>>> {
  const where = sql`${findings.testId} in (
      select t.id from tests t join engagements e on e.id = t.engagement_id
      where e.product_id in (${visibleProductIdsSql(actor)})
      ${filters.product ? sql`and e.product_id = ${filters.product}` : sql``}
      ${filters.engagement ? sql`and e.id = ${filters.engagement}` : sql``})
    ${filters.test ? sql`and ${findings.testId} = ${filters.test}` : sql``}
    ${filters.severity ? sql`and ${findings.severity} = ${filters.severity}` : sql``}
    ${filters.active !== undefined ? sql`and ${findings.active} = ${filters.active}` : sql``}
    ${filters.verified !== undefined ? sql`and ${findings.verified} = ${filters.verified}` : sql``}`;
  return ok(mapPage(await selectPage(db, findings, where, page), toFinding));
}

export async function getFinding(db: Executor, actor: Actor, findingId: number): Promise<Result<Finding>> {
  const denied = denial(await authorize(db, actor, { kind: 'finding', id: findingId }, 'view'));
  if (denied) return denied;
  return ok(toFinding((await selectById(db, findings, findingId))!));
}

export async function createFinding(db: Executor, actor: Actor, input: FindingCreate): Promise<Result<Finding>> {
  const parsed = parseWith(findingCreateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'test', id: data.test }, 'add_child'));
    if (denied) return denied;
    const date = data.date ?? toIsoDate(new Date());
    const [row] = await tx
      .insert(findings)
      .values({
        testId: data.test,
        title: data.title,
        severity: data.severity,
        description: data.description,
        active: data.active,
        verified: data.verified,
        date,
        reporterId: actor.id,
        slaExpirationDate: await slaDate(tx, data.test, date, data.severity),
      })
      .returning();
    return ok(toFinding(row!));
  });
}

export async function updateFinding(db: Executor, actor: Actor, findingId: number, input: FindingUpdate): Promise<Result<Finding>> {
  const parsed = parseWith(findingUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'finding', id: findingId }, 'edit'));
    if (denied) return denied;
    const current = (await selectById(tx, findings, findingId))!;
    const severity = data.severity ?? current.severity;
    const date = data.date ?? current.date;
    const slaChanged = severity !== current.severity || date !== current.date;
    const row = await updateById(tx, findings, findingId, {
      title: data.title,
      severity: data.severity,
      description: data.description,
      active: data.active,
      verified: data.verified,
      date: data.date,
      ...(slaChanged ? { slaExpirationDate: await slaDate(tx, current.testId, date, severity) } : {}),
    });
    return ok(toFinding(row!));
  });
}

export async function deleteFinding(db: Executor, actor: Actor, findingId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'finding', id: findingId }, 'delete'));
    if (denied) return denied;
    await tx.delete(findings).where(eq(findings.id, findingId));
    return ok(null);
  });
}
