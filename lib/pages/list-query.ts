// A list page's query string: which page (`?page=2`) and which filters. A filter that does not parse
// is ignored, so a hand-edited URL shows the unfiltered list rather than an error.
import { z } from 'zod';
import type { PageRequest } from '../domain/pagination';
import { id } from '../core/validation';

export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 25;

/** For selects and for the short lists on a detail page; a program with more needs a search box. */
export const ALL_ROWS: PageRequest = { limit: 500, offset: 0 };

/** Builders for filter schemas. */
export const filter = {
  id: z.coerce.number().pipe(id),
  yesNo: z.enum(['true', 'false']).transform((v) => v === 'true'),
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function pageOf(params: SearchParams): PageRequest & { page: number } {
  const parsed = z.coerce.number().int().min(1).max(100_000).safeParse(first(params.page));
  const page = parsed.success ? parsed.data : 1;
  return { page, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

export function filtersOf<S extends z.ZodRawShape>(shape: S, params: SearchParams): { [K in keyof S]?: z.output<S[K]> } {
  const filters: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const parsed = (schema as z.ZodType).safeParse(first(params[key]));
    if (parsed.success) filters[key] = parsed.data;
  }
  return filters as { [K in keyof S]?: z.output<S[K]> };
}
