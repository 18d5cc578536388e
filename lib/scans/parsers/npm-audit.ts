// `npm audit --json` from npm 7 and later (auditReportVersion 2): one finding per advisory and
// package. Entries whose `via` only names other packages are the paths to them, not findings.
import { isObject, list, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber, severityFromWord } from '../severity';

const WHAT = 'npm audit v7+ report';

export const npmAuditParser: ScanParser = {
  scanType: 'NPM Audit v7+ Scan',
  hashFields: ['title', 'componentName', 'componentVersion', 'vulnerabilityIds'],
  parse(report) {
    const data = readJson(report, WHAT);
    if (!isObject(data)) throw new ReportError(`not an ${WHAT}: the top level is not an object`);
    if ('advisories' in data && !('auditReportVersion' in data)) {
      throw new ReportError(`not an ${WHAT}: this is npm 6's format (advisories); run npm audit --json with npm 7 or later`);
    }
    if (data.auditReportVersion !== 2) throw new ReportError(`not an ${WHAT}: auditReportVersion 2 is missing`);
    const vulnerabilities = isObject(data.vulnerabilities) ? data.vulnerabilities : {};
    const findings: ParsedFinding[] = [];
    for (const [name, entry] of Object.entries(vulnerabilities)) {
      if (!isObject(entry)) continue;
      for (const via of list(entry.via).filter(isObject)) findings.push(advisory(name, entry, via));
    }
    return findings;
  },
};

function advisory(name: string, entry: Json, via: Json): ParsedFinding {
  const url = str(via.url) ?? '';
  const ghsa = /GHSA(?:-[a-z0-9]{4}){3}/i.exec(url)?.[0] ?? null;
  const range = str(via.range) ?? str(entry.range);
  const fix = entry.fixAvailable;
  const fixText =
    fix === true
      ? 'npm audit fix resolves it.'
      : isObject(fix)
        ? `Upgrade ${str(fix.name) ?? name} to ${str(fix.version) ?? 'a fixed version'}` +
          `${fix.isSemVerMajor ? ' (a major upgrade)' : ''}.`
        : '';
  return {
    title: `${str(via.title) ?? 'Vulnerable dependency'} (${name})`,
    severity: severityFromWord(via.severity ?? entry.severity),
    description: [
      str(via.title),
      range ? `Vulnerable versions: ${range}.` : null,
      strings(entry.nodes).length ? `Installed at ${strings(entry.nodes).join(', ')}.` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    cwe:
      strings(via.cwe)
        .map(cweNumber)
        .find((n) => n !== null) ?? null,
    vulnerabilityIds: ghsa ? [`GHSA${ghsa.slice(4).toLowerCase()}`] : [],
    componentName: name,
    componentVersion: null,
    uniqueIdFromTool: via.source !== undefined ? `${name}:${String(via.source)}` : null,
    staticFinding: true,
    mitigation: fixText,
    references: url,
  };
}
