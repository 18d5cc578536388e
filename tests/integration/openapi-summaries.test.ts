// The OpenAPI document's summaries read as English: the right article, plurals of the noun alone,
// and who may call an endpoint as a note at the end.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';

type Operation = { summary?: string };
const operations = () =>
  Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({
      at: `${method.toUpperCase()} ${path}`,
      summary: op.summary ?? '',
    })),
  );
const summaryOf = (at: string) => operations().find((op) => op.at === at)?.summary;

describe('OpenAPI summaries', () => {
  it('use "an" before a vowel and keep notes out of the plural', () => {
    expect(summaryOf('POST /api/v2/engagements')).toBe('Create an engagement');
    expect(summaryOf('POST /api/v2/products')).toBe('Create a product');
    expect(summaryOf('GET /api/v2/users')).toBe('List the users (superusers only)');
    expect(summaryOf('PATCH /api/v2/users/{id}')).toBe('Change a user: only the fields given (superusers only)');
  });

  it('none says "a" before a vowel, or pluralises a parenthesis', () => {
    const wrong = operations().filter(({ summary }) => /\ba [aeio]/i.test(summary) || /\)s\b/.test(summary));
    expect(wrong).toEqual([]);
    expect(operations().every(({ summary }) => summary.length > 0)).toBe(true);
  });
});
