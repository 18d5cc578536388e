// Severities as reports spell them, mapped to DefectDojo's five.
import { SEVERITIES, type Severity } from '../db/schema/enums';

const WORDS: Record<string, Severity> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  moderate: 'Medium',
  low: 'Low',
  info: 'Info',
  informational: 'Info',
  information: 'Info',
  note: 'Info',
  none: 'Info',
  unknown: 'Info',
  negligible: 'Info',
  error: 'High',
  warning: 'Medium',
};

/** A severity word in any case ("HIGH", "moderate", "warning"); anything unknown or missing is `fallback`. */
export function severityFromWord(word: unknown, fallback: Severity = 'Info'): Severity {
  if (typeof word !== 'string') return fallback;
  return WORDS[word.trim().toLowerCase()] ?? fallback;
}

/** CVSS-like scores (SARIF's security-severity): 9.0+ Critical, 7.0+ High, 4.0+ Medium, 0.1+ Low, else Info. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'Critical';
  if (score >= 7) return 'High';
  if (score >= 4) return 'Medium';
  if (score > 0) return 'Low';
  return 'Info';
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** The highest of these severities, or null for none. */
export function highestSeverity(severities: Iterable<Severity>): Severity | null {
  let best: Severity | null = null;
  for (const s of severities) if (best === null || severityRank(s) > severityRank(best)) best = s;
  return best;
}

/** `CWE-79`, `79`, `external/cwe/cwe-89` → 79, 89; null when there is none. */
export function cweNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value !== 'string') return null;
  const match = /(?:cwe[-_/:\s]*)?(\d{1,6})/i.exec(value);
  if (!match || !/cwe|^\s*\d+\s*$/i.test(value)) return null;
  return Number(match[1]);
}
