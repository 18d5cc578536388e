// Validation messages are written for people, in one voice, and the same mistake reads the same in
// every schema (forms and API alike go through parseWith and its error map).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { errorsForField, unclaimedErrors } from '@/components/forms/field-errors';
import { emailAddress, id, mailbox, optionalEmailAddress, parseWith, text } from '@/lib/core/validation';

function messages(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const parsed = parseWith(schema, input);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.errors ?? {};
}

describe('the error map', () => {
  it('words lengths and ranges with grouped numbers', () => {
    expect(messages(z.object({ d: text(4000) }), { d: 'x'.repeat(4001) })).toEqual({ d: ['At most 4,000 characters.'] });
    expect(messages(z.object({ n: z.number().int().min(1) }), { n: 0 })).toEqual({ n: ['At least 1.'] });
    expect(messages(z.object({ n: z.number().max(3650) }), { n: 4000 })).toEqual({ n: ['At most 3,650.'] });
    expect(messages(z.object({ l: z.array(z.string()).max(2) }), { l: ['a', 'b', 'c'] })).toEqual({ l: ['At most 2 entries.'] });
    expect(messages(z.object({ s: z.string().min(8) }), { s: 'short' })).toEqual({ s: ['At least 8 characters.'] });
  });

  it('words types, choices, missing fields and unknown fields', () => {
    expect(messages(z.object({ n: z.number() }), { n: 'x' })).toEqual({ n: ['Enter a number.'] });
    expect(messages(z.object({ n: id }), { n: 1.5 })).toEqual({ n: ['Enter a whole number.'] });
    expect(messages(z.object({ n: z.number() }), {})).toEqual({ n: ['This field is required.'] });
    expect(messages(z.object({ s: z.enum(['High', 'Low']) }), { s: 'Mid' })).toEqual({ s: ['Choose one of: High, Low.'] });
    expect(messages(z.strictObject({}), { extra: 1 })).toEqual({ non_field_errors: ['Unknown field: extra.'] });
  });

  it('has no raw zod wording left for the common mistakes', () => {
    const found = Object.values(
      messages(
        z.object({
          a: text(10),
          b: z.number().min(1),
          c: z.string().url(),
          d: z.iso.date(),
          e: z.boolean(),
          f: z.uuid(),
        }),
        { a: 'x'.repeat(11), b: 0, c: 'nope', d: 'nope', e: 'yes', f: 'nope' },
      ),
    ).flat();
    expect(found).toHaveLength(6);
    for (const message of found) expect(message).not.toMatch(/expected|Invalid|Too (big|small)|>=|<=/);
  });

  it("keeps a schema's own message", () => {
    expect(messages(z.object({ s: z.string().min(1, 'Give it a name.') }), { s: '' })).toEqual({ s: ['Give it a name.'] });
  });
});

describe('email addresses', () => {
  it('accepts what the app itself creates, and ordinary addresses', () => {
    for (const address of ['admin@localhost', 'dana@example.com', 'a.b+tag@sub.example.co']) {
      expect(emailAddress().safeParse(address).success, address).toBe(true);
    }
    expect(optionalEmailAddress().safeParse('').success).toBe(true);
  });

  it('says why it refuses one', () => {
    const why = (address: string) => messages(z.object({ e: emailAddress() }), { e: address }).e;
    expect(why('foo')).toEqual(['foo is not an email address (it has no @).']);
    expect(why('a@@b.com')).toEqual(['a@@b.com is not an email address (it has more than one @).']);
    expect(why('dana@corp')).toEqual(['dana@corp is not an email address (its domain corp has no dot, like example.com).']);
    expect(why('da na@example.com')).toEqual(['da na@example.com is not an email address (it contains a space).']);
    expect(why('@example.com')).toEqual(['@example.com is not an email address (nothing comes before the @).']);
  });

  it('a sender may carry a display name, as Resend takes it', () => {
    expect(mailbox().safeParse('Tocsin <tocsin@example.com>').success).toBe(true);
    expect(mailbox().safeParse('tocsin@example.com').success).toBe(true);
    expect(mailbox().safeParse('').success).toBe(true);
    expect(messages(z.object({ m: mailbox() }), { m: 'Tocsin <tocsin>' }).m).toEqual([
      'tocsin is not an email address (it has no @). Write it as tocsin@example.com or Tocsin <tocsin@example.com>.',
    ]);
  });
});

describe('field errors in forms', () => {
  it('a list entry error is shown on its field, naming the line', () => {
    const errors = {
      mail_notifications_to: ['At most 100 entries.'],
      'mail_notifications_to.1': ['foo is not an email address (it has no @).'],
    };
    expect(errorsForField(errors, 'mail_notifications_to', 'Line')).toEqual([
      'At most 100 entries.',
      'Line 2: foo is not an email address (it has no @).',
    ]);
    expect(errorsForField(errors, 'mail')).toBeUndefined();
  });

  it('errors for names no field shows are still listed', () => {
    const errors = { name: ['x'], 'recipients.0': ['y'], webhooks_notifications_timeout: ['At most 30.'] };
    expect(unclaimedErrors(errors, new Set(['name', 'recipients']))).toEqual(['webhooks notifications timeout: At most 30.']);
  });
});
