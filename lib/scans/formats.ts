// The report formats Tocsin reads, by DefectDojo's scan_type name.
import type { ScanParser } from './parser';
import { genericParser } from './parsers/generic';
import { gitleaksParser } from './parsers/gitleaks';
import { npmAuditParser } from './parsers/npm-audit';
import { sarifParser } from './parsers/sarif';
import { semgrepParser } from './parsers/semgrep';
import { trivyParser } from './parsers/trivy';
import { zapParser } from './parsers/zap';

const PARSERS: readonly ScanParser[] = [sarifParser, trivyParser, semgrepParser, gitleaksParser, zapParser, npmAuditParser, genericParser];

export const SCAN_TYPES: readonly string[] = PARSERS.map((p) => p.scanType);

const BY_TYPE = new Map(PARSERS.map((p) => [p.scanType.toLowerCase(), p]));

/** The parser of a scan type, matched in any case (DefectDojo's names, e.g. `Trivy Scan`). */
export function parserFor(scanType: string): ScanParser | null {
  return BY_TYPE.get(scanType.trim().toLowerCase()) ?? null;
}

export function unknownScanTypeMessage(scanType: string): string {
  return `unknown scan_type '${scanType}'; known: ${SCAN_TYPES.join(', ')}`;
}
