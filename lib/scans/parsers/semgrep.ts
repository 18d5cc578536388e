// Semgrep's JSON report (`semgrep --json`): one finding per result. Severity ERROR → High,
// WARNING → Medium, INFO → Low (and the newer CRITICAL…LOW as they are); `nosemgrep` → false positive.
import type { Severity } from '../../db/schema/enums';
import { isObject, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber, severityFromWord } from '../severity';

const WHAT = 'Semgrep JSON report';
const LEVELS: Record<string, Severity> = { ERROR: 'High', WARNING: 'Medium', INFO: 'Low' };

export const semgrepParser: ScanParser = {
  scanType: 'Semgrep JSON Report',
  hashFields: ['title', 'cwe', 'filePath', 'line'],
  parse(report) {
    const data = readJson(report, WHAT);
    if (!isObject(data) || !('results' in data)) throw new ReportError(`not a ${WHAT}: results is missing`);
    if (!Array.isArray(data.results)) throw new ReportError(`not a ${WHAT}: results is not a list`);
    return data.results.filter(isObject).map(finding);
  },
};

function finding(result: Json): ParsedFinding {
  const extra = isObject(result.extra) ? result.extra : {};
  const metadata = isObject(extra.metadata) ? extra.metadata : {};
  const start = isObject(result.start) ? result.start : {};
  const cwes = typeof metadata.cwe === 'string' ? [metadata.cwe] : strings(metadata.cwe);
  const word = (str(extra.severity) ?? '').toUpperCase();
  const fingerprint = str(extra.fingerprint);
  const ignored = extra.is_ignored === true;
  return {
    title: str(result.check_id) ?? 'Semgrep finding',
    severity: LEVELS[word] ?? severityFromWord(word, 'Medium'),
    description: [str(extra.message), str(extra.lines) ? `\`\`\`\n${String(extra.lines)}\n\`\`\`` : null].filter(Boolean).join('\n\n'),
    filePath: str(result.path),
    line: typeof start.line === 'number' && start.line > 0 ? start.line : null,
    cwe: cwes.map(cweNumber).find((n) => n !== null) ?? null,
    // Semgrep answers this placeholder instead of a fingerprint when not logged in.
    uniqueIdFromTool: fingerprint && fingerprint !== 'requires login' ? fingerprint : null,
    staticFinding: true,
    falseP: ignored,
    active: !ignored,
    mitigation: str(extra.fix) ?? '',
    references: strings(metadata.references).join('\n'),
  };
}
