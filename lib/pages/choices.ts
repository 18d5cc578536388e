// Choices for selects and filters: the objects the user can see, by name.
import 'server-only';
import { can, type Actor } from '../auth/authorization';
import { db } from '../db/client';
import { listEngagements } from '../domain/engagements';
import type { Page } from '../domain/pagination';
import { listProductTypes } from '../domain/product-types';
import { listProducts } from '../domain/products';
import type { Result } from '../core/result';
import { ALL_ROWS } from './list-query';

export interface Choice {
  value: number;
  label: string;
}

function choices<T extends { id: number; name: string }>(result: Result<Page<T>>): Choice[] {
  return result.ok ? result.value.results.map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)) : [];
}

export async function productTypeChoices(actor: Actor): Promise<Choice[]> {
  return choices(await listProductTypes(db(), actor, {}, ALL_ROWS));
}

export async function productChoices(actor: Actor): Promise<Choice[]> {
  return choices(await listProducts(db(), actor, {}, ALL_ROWS));
}

export async function engagementChoices(actor: Actor): Promise<Choice[]> {
  return choices(await listEngagements(db(), actor, {}, ALL_ROWS));
}

/** The product types the user may add products to (what "New product" offers). */
export async function productTypesToAddTo(actor: Actor): Promise<Choice[]> {
  const list = await productTypeChoices(actor);
  const allowed = await Promise.all(list.map((c) => can(db(), actor, { kind: 'product_type', id: c.value }, 'add_child')));
  return list.filter((_, i) => allowed[i]);
}

/** id → name, for showing the parent of each row of a list. */
export function namesById(list: Choice[]): Map<number, string> {
  return new Map(list.map((c) => [c.value, c.label]));
}
