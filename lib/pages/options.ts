// Choices for selects and filters: the objects the user can see, by name.
import 'server-only';
import { can, type Actor } from '../auth/authorization';
import type { ObjectKind } from '../auth/permissions';
import { db } from '../db/client';
import { listEngagements } from '../domain/engagements';
import type { Page } from '../domain/pagination';
import { listProductTypes } from '../domain/product-types';
import { listProducts } from '../domain/products';
import type { Result } from '../domain/result';

export interface Choice {
  value: number;
  label: string;
}

/** Enough for a select; a program with more needs a search box instead. */
const ALL = { limit: 500, offset: 0 };

function choices<T extends { id: number; name: string }>(result: Result<Page<T>>): Choice[] {
  return result.ok ? result.value.results.map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)) : [];
}

export async function productTypeChoices(actor: Actor): Promise<Choice[]> {
  return choices(await listProductTypes(db(), actor, {}, ALL));
}

export async function productChoices(actor: Actor, prodType?: number): Promise<Choice[]> {
  return choices(await listProducts(db(), actor, { prod_type: prodType }, ALL));
}

export async function engagementChoices(actor: Actor, product?: number): Promise<Choice[]> {
  return choices(await listEngagements(db(), actor, { product }, ALL));
}

/** The product types the user may add products to (what "New product" offers). */
export async function productTypesToAddTo(actor: Actor): Promise<Choice[]> {
  return allowedAmong(actor, 'product_type', await productTypeChoices(actor));
}

async function allowedAmong(actor: Actor, kind: ObjectKind, list: Choice[]): Promise<Choice[]> {
  const allowed = await Promise.all(list.map((c) => can(db(), actor, { kind, id: c.value }, 'add_child')));
  return list.filter((_, i) => allowed[i]);
}

/** id → name, for showing the parent of each row of a list. */
export function namesById(list: Choice[]): Map<number, string> {
  return new Map(list.map((c) => [c.value, c.label]));
}
