// FormData → the domain's input shape, read off the zod schema the action validates with.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formInput } from '@/lib/auth/form-input';
import { findingCreateSchema } from '@/lib/domain/findings';
import { productUpdateSchema } from '@/lib/domain/products';
import { riskAcceptanceCreateSchema } from '@/lib/domain/risk-acceptances';
import { userUpdateSchema } from '@/lib/domain/users';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe('formInput', () => {
  it('turns numbers into numbers and a checked box into true, an absent one into false', () => {
    const input = formInput(
      findingCreateSchema,
      form([
        ['test', '7'],
        ['title', 'XSS'],
        ['severity', 'High'],
        ['active', 'on'],
      ]),
    );
    expect(input).toEqual({ test: 7, title: 'XSS', severity: 'High', active: true, verified: false });
  });

  it('keeps an empty free-text field (clearing it) but drops an empty date or choice', () => {
    const input = formInput(
      findingCreateSchema,
      form([
        ['title', ''],
        ['description', ''],
        ['date', ''],
        ['severity', ''],
      ]),
    );
    expect(input).toMatchObject({ title: '', description: '' });
    expect(input).not.toHaveProperty('date');
    expect(input).not.toHaveProperty('severity');
  });

  it('an empty field that may be null becomes null (back to the default)', () => {
    expect(formInput(productUpdateSchema, form([['sla_high_days', '']]))).toMatchObject({ sla_high_days: null });
    expect(formInput(userUpdateSchema, form([['global_role', '']]))).toMatchObject({ global_role: null });
    expect(formInput(riskAcceptanceCreateSchema, form([['expiration_date', '']]))).toMatchObject({ expiration_date: null });
  });

  it('collects every value of a checkbox list, as numbers for a list of ids; none chosen is an empty list', () => {
    expect(
      formInput(
        riskAcceptanceCreateSchema,
        form([
          ['findings', '3'],
          ['findings', '5'],
        ]),
      ),
    ).toMatchObject({ findings: [3, 5] });
    expect(formInput(riskAcceptanceCreateSchema, form([]))).toMatchObject({ findings: [] });
  });

  it('ignores fields the schema does not know (Next adds its own)', () => {
    const schema = z.object({ name: z.string() });
    expect(
      formInput(
        schema,
        form([
          ['name', 'x'],
          ['$ACTION_ID_abc', ''],
          ['is_superuser', 'on'],
        ]),
      ),
    ).toEqual({ name: 'x' });
  });
});
