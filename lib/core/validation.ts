// Zod building blocks shared by the domain's input schemas, and the one place zod errors become
// field errors. Every bound here also keeps PostgreSQL from rejecting a value (which would be a 500).
import { z } from 'zod';
import { EMAIL_PATTERN, emailMessage, peopleErrorMap } from './validation-messages';
import { invalid, NON_FIELD, type Failure, type FieldErrors } from './result';

/** PostgreSQL's `integer`: ids above it would be a database error, not a 404. */
export const MAX_ID = 2_147_483_647;

export const id = z.number().int().min(1).max(MAX_ID);

/** Text PostgreSQL can store (no NUL character), trimmed, at most `max` characters. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'Must not contain NUL characters.');
}

export function requiredText(max: number) {
  return text(max).trim().min(1, 'This field may not be blank.');
}

/** `YYYY-MM-DD`, a real calendar day PostgreSQL accepts (zod's format allows year 0000). */
export const isoDate = z.iso.date('Enter a date as YYYY-MM-DD.').refine((s) => s >= '0001-01-01', {
  message: 'Enter a date from year 1 on.',
  when: (payload) => payload.issues.length === 0,
});

/** A list of distinct ids. */
export function idList(max: number) {
  return z
    .array(id)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'Must not contain duplicates.');
}

/** An email address (see EMAIL_PATTERN); a refusal says what is wrong with it. */
export function emailAddress() {
  return z.email({ pattern: EMAIL_PATTERN, error: (issue) => emailMessage(String(issue.input ?? '')) }).max(254, 'At most 254 characters.');
}

/** An email address or nothing (an empty field): a person's own address. */
export function optionalEmailAddress() {
  return z
    .string()
    .trim()
    .max(254, 'At most 254 characters.')
    .refine((value) => value === '' || EMAIL_PATTERN.test(value), {
      error: (issue) => emailMessage(String(issue.input ?? '')),
    });
}

/** A sender as Resend takes it: `tocsin@example.com` or `Tocsin <tocsin@example.com>`; empty for none. */
export function mailbox() {
  return z
    .string()
    .trim()
    .max(254, 'At most 254 characters.')
    .superRefine((value, ctx) => {
      if (value === '') return;
      const named = /^([^<>"\r\n]*)<([^<>]*)>$/.exec(value);
      const address = (named ? named[2]! : value).trim();
      if (!EMAIL_PATTERN.test(address)) {
        const hint = 'Write it as tocsin@example.com or Tocsin <tocsin@example.com>.';
        ctx.addIssue({ code: 'custom', message: `${emailMessage(address)} ${hint}` });
      }
    });
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  // Keys come from the client ("constructor", "__proto__"): a map without a prototype takes any of them.
  const errors: FieldErrors = Object.create(null);
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : NON_FIELD;
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | Failure {
  const parsed = schema.safeParse(input, { error: peopleErrorMap });
  return parsed.success ? { ok: true, value: parsed.data } : invalid(fieldErrors(parsed.error));
}

/**
 * Every string (and key) holding a NUL character, as field errors by path: PostgreSQL cannot store
 * one, so a body or form with one is refused before any schema or query sees it. Null otherwise.
 */
export function nulCharacterErrors(value: unknown, path: string[] = [], errors: FieldErrors = Object.create(null)): FieldErrors | null {
  const at = (key: string[]) => (key.length ? key.join('.') : NON_FIELD);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) (errors[at(path)] ??= []).push('Must not contain NUL characters.');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharacterErrors(item, [...path, String(index)], errors));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) (errors[at(path)] ??= []).push('Field names must not contain NUL characters.');
      else nulCharacterErrors(item, [...path, key], errors);
    }
  }
  return path.length === 0 && Object.keys(errors).length === 0 ? null : errors;
}
