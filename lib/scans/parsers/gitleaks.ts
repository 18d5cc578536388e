// Gitleaks' JSON report, v8 (`RuleID`, `File`, `StartLine`, `Fingerprint`) and v7 (`rule`, `file`,
// `lineNumber`): one finding per leak. The secret itself is never stored.
import { isObject, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';

const WHAT = 'Gitleaks JSON report';

export const gitleaksParser: ScanParser = {
  scanType: 'Gitleaks Scan',
  hashFields: ['title', 'filePath', 'line'],
  parse(report) {
    const data = readJson(report, WHAT);
    // Gitleaks 7 writes `null` when it finds nothing.
    if (data === null) return [];
    if (!Array.isArray(data)) throw new ReportError(`not a ${WHAT}: the top level is not a list of leaks`);
    return data.map((leak, i) => {
      if (!isObject(leak)) throw new ReportError(`not a ${WHAT}: entry ${i + 1} is not an object`);
      if ('RuleID' in leak || 'File' in leak) return v8(leak);
      if ('rule' in leak || 'file' in leak) return v7(leak);
      throw new ReportError(`not a ${WHAT}: entry ${i + 1} has neither RuleID (v8) nor rule (v7)`);
    });
  },
};

function v8(leak: Json): ParsedFinding {
  const file = str(leak.File) ?? '';
  const what = str(leak.Description) ?? str(leak.RuleID) ?? 'secret';
  return {
    title: `Hard coded ${what} found in ${file}`,
    severity: 'High',
    description: [
      `Rule ${str(leak.RuleID) ?? '?'} matched.`,
      str(leak.Commit) ? `Commit ${String(leak.Commit)} by ${str(leak.Author) ?? 'unknown'} on ${str(leak.Date) ?? '?'}.` : null,
      strings(leak.Tags).length ? `Tags: ${strings(leak.Tags).join(', ')}.` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    filePath: file || null,
    line: typeof leak.StartLine === 'number' && leak.StartLine > 0 ? leak.StartLine : null,
    uniqueIdFromTool: str(leak.Fingerprint),
    staticFinding: true,
    mitigation: 'Revoke the secret, remove it from the code and its history.',
  };
}

function v7(leak: Json): ParsedFinding {
  const file = str(leak.file) ?? '';
  const rule = str(leak.rule) ?? 'secret';
  return {
    title: `Hard coded ${rule} found in ${file}`,
    severity: 'High',
    description: [
      `Rule ${rule} matched.`,
      str(leak.commit) ? `Commit ${String(leak.commit)} by ${str(leak.author) ?? 'unknown'} on ${str(leak.date) ?? '?'}.` : null,
      str(leak.tags) ? `Tags: ${String(leak.tags)}.` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    filePath: file || null,
    line: typeof leak.lineNumber === 'number' && leak.lineNumber > 0 ? leak.lineNumber : null,
    staticFinding: true,
    mitigation: 'Revoke the secret, remove it from the code and its history.',
  };
}
