// Query-string and path values arrive as text: these schemas turn them into numbers and booleans,
// rejecting anything else with a 400 (never a database error).
import { z } from 'zod';
import { DEFAULT_PAGE } from '../domain/pagination';
import { MAX_ID, text } from '../core/validation';

/** A positive integer id in text form, e.g. `?product=3` or `/products/3`. */
export const textId = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'A positive integer is required.')
  .transform(Number)
  .pipe(z.number().int().min(1, 'A positive integer is required.').max(MAX_ID, 'No such id.'));

/** A name to match exactly, in any case. */
export const textName = text(255).meta({ description: 'Exact name, any case.' });

export const textBoolean = z.enum(['true', 'false'], 'Use true or false.').transform((v) => v === 'true');

export const idParams = z.object({ id: textId });

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = DEFAULT_PAGE.limit;

export const pagination = z.object({
  // Above the maximum is clamped to it, as DRF's LimitOffsetPagination does: scripts written for
  // DefectDojo ask `?limit=1000` (or more) to get everything, then follow `next`.
  limit: z
    .string()
    .regex(/^[0-9]{1,12}$/, 'A positive integer is required.')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'A positive integer is required.')
        .transform((n) => Math.min(n, MAX_LIMIT)),
    )
    .optional()
    .meta({ description: `Page size (default ${DEFAULT_LIMIT}; above ${MAX_LIMIT} is read as ${MAX_LIMIT}).` }),
  offset: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'A non-negative integer is required.')
    .transform(Number)
    .optional()
    .meta({ description: 'How many results to skip.' }),
});

/** The query string as an object; a repeated key keeps its first value. */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = Object.create(null); // any key a client sends, "constructor" too
  for (const [key, value] of url.searchParams) if (!(key in out)) out[key] = value;
  return out;
}
