// DefectDojo's hash_code: sha256 over the fields that identify a finding of this format, so a
// reimport recognizes it again when the tool gives no unique id.
import { createHash } from 'node:crypto';
import type { HashField, ParsedFinding } from './parser';

export function hashCode(finding: ParsedFinding, fields: readonly HashField[]): string {
  const parts = fields.map((field) => {
    const value = finding[field];
    if (Array.isArray(value)) return [...value].sort().join(',');
    if (typeof value === 'string') return field === 'title' ? value.trim().toLowerCase() : value.trim();
    return value === null || value === undefined ? '' : String(value);
  });
  return createHash('sha256').update(parts.join('|')).digest('hex');
}
