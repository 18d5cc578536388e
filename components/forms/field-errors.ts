// Which of an answer's field errors belong to a field: its own key and its entries' keys (a list
// field's `mail_notifications_to.1` is the field's second line), and which belong to no field.
import type { FieldErrors } from '@/lib/core/result';

/** The messages for `name`, entries named by their position: "Line 2: foo is not an email address…". */
export function errorsForField(errors: FieldErrors | undefined, name: string, entry = 'Line'): string[] | undefined {
  if (!errors) return undefined;
  const found: string[] = [...(errors[name] ?? [])];
  for (const [key, messages] of Object.entries(errors)) {
    if (!key.startsWith(`${name}.`)) continue;
    const [index, ...rest] = key.slice(name.length + 1).split('.');
    const position = /^\d+$/.test(index!) ? `${entry} ${Number(index) + 1}` : index!;
    const where = [position, ...rest].join(', ');
    for (const message of messages) found.push(`${where}: ${message}`);
  }
  return found.length ? found : undefined;
}

/** The errors whose field is not among `fieldNames` (shown beside the form's own message, never lost). */
export function unclaimedErrors(errors: FieldErrors | undefined, fieldNames: Set<string>): string[] {
  if (!errors) return [];
  const lines: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    if (fieldNames.has(key.split('.')[0]!)) continue;
    for (const message of messages) lines.push(`${key.replace(/_/g, ' ')}: ${message}`);
  }
  return lines;
}
