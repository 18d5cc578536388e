// Every validation message people read, in one voice: the zod error map that parseWith (forms and
// API alike) applies to every issue a schema does not word itself, and the email-address rules.
import type { z } from 'zod';

const count = (n: number | bigint) => Number(n).toLocaleString('en-US');
const plural = (n: number | bigint, one: string, many: string) => `${count(n)} ${Number(n) === 1 ? one : many}`;

const TYPE_NAMES: Record<string, string> = {
  string: 'Enter text.',
  number: 'Enter a number.',
  int: 'Enter a whole number.',
  boolean: 'Enter true or false.',
  array: 'Enter a list.',
  object: 'Enter an object.',
  date: 'Enter a date.',
  bigint: 'Enter a whole number.',
};

const FORMATS: Record<string, string> = {
  url: 'Enter a URL like https://example.com/path.',
  uuid: 'Enter an id like 123e4567-e89b-12d3-a456-426614174000.',
  date: 'Enter a date as YYYY-MM-DD.',
  datetime: 'Enter a date and time like 2026-01-31T09:00:00Z.',
  regex: 'This is not in the expected format.',
};

function tooBig(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooBig>): string {
  const n = issue.maximum;
  if (issue.origin === 'string') return `At most ${plural(n, 'character', 'characters')}.`;
  if (issue.origin === 'array' || issue.origin === 'set') return `At most ${plural(n, 'entry', 'entries')}.`;
  return issue.inclusive === false ? `Less than ${count(n)}.` : `At most ${count(n)}.`;
}

function tooSmall(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall>): string {
  const n = issue.minimum;
  if (issue.origin === 'string') {
    return Number(n) === 1 ? 'This field may not be blank.' : `At least ${plural(n, 'character', 'characters')}.`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') return `At least ${plural(n, 'entry', 'entries')}.`;
  return issue.inclusive === false ? `More than ${count(n)}.` : `At least ${count(n)}.`;
}

/** The message for an issue its schema left unworded (a schema's own message always wins). */
export const peopleErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This field is required.';
      if (issue.input === null) return 'This field may not be null.';
      return TYPE_NAMES[issue.expected] ?? 'This value has the wrong type.';
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      if (issue.format === 'email') return emailMessage(String(issue.input ?? ''));
      return FORMATS[issue.format] ?? 'This is not in the expected format.';
    case 'invalid_value':
      return `Choose one of: ${issue.values.map(String).join(', ')}.`;
    case 'not_multiple_of':
      return `Enter a multiple of ${count(Number(issue.divisor))}.`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}.`;
    case 'invalid_key':
      return 'This key is not allowed here.';
    case 'invalid_element':
      return 'One of the entries is not valid.';
    case 'invalid_union':
      return 'This value is not one of the accepted forms.';
    default:
      return 'This value is not valid.';
  }
};

/**
 * Addresses as the app accepts them: zod's rule (a dot in the domain) plus single-label `localhost`,
 * so an address on this machine (admin@localhost, made by older versions) still saves.
 */
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}|localhost)$/;

/** Why `text` is not an email address, for people: "foo is not an email address (it has no @)." */
export function emailMessage(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `${shown || 'This'} is not an email address (${emailProblem(text)}).`;
}

function emailProblem(text: string): string {
  if (/\s/.test(text)) return 'it contains a space';
  const at = text.split('@').length - 1;
  if (at === 0) return 'it has no @';
  if (at > 1) return 'it has more than one @';
  const [local, domain] = text.split('@') as [string, string];
  if (!local) return 'nothing comes before the @';
  if (!domain) return 'nothing comes after the @';
  if (!domain.includes('.')) return `its domain ${domain} has no dot, like example.com`;
  return 'write it as name@example.com';
}
