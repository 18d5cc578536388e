// Trivy's JSON report (`trivy … --format json`): vulnerabilities, misconfigurations and secrets of
// each result (target). Schema 2 is an object with `Results`; the old schema 1 is the list itself.
import { isObject, list, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber, severityFromWord } from '../severity';

const WHAT = 'Trivy JSON report';

export const trivyParser: ScanParser = {
  scanType: 'Trivy Scan',
  hashFields: ['title', 'filePath', 'line', 'componentName', 'componentVersion', 'vulnerabilityIds'],
  parse(report) {
    const data = readJson(report, WHAT);
    let results: unknown[];
    if (Array.isArray(data)) results = data;
    else if (isObject(data) && ('Results' in data || 'SchemaVersion' in data)) results = list(data.Results);
    else throw new ReportError(`not a ${WHAT}: Results is missing`);
    return results.filter(isObject).flatMap((r) => [
      ...list(r.Vulnerabilities)
        .filter(isObject)
        .map((v) => vulnerability(r, v)),
      ...list(r.Misconfigurations)
        .filter(isObject)
        .filter((m) => m.Status !== 'PASS')
        .map((m) => misconfiguration(r, m)),
      ...list(r.Secrets)
        .filter(isObject)
        .map((s) => secret(r, s)),
    ]);
  },
};

function vulnerability(result: Json, v: Json): ParsedFinding {
  const id = str(v.VulnerabilityID) ?? 'unknown vulnerability';
  const pkg = str(v.PkgName) ?? '';
  const version = str(v.InstalledVersion) ?? '';
  const fixed = str(v.FixedVersion);
  return {
    title: `${id} ${pkg} ${version}`.trim(),
    severity: severityFromWord(v.Severity),
    description: [str(v.Title), str(v.Description), fixed ? `Fixed in ${fixed}.` : null].filter(Boolean).join('\n\n'),
    filePath: str(result.Target),
    cwe:
      strings(v.CweIDs)
        .map(cweNumber)
        .find((n) => n !== null) ?? null,
    vulnerabilityIds: [id],
    componentName: pkg || null,
    componentVersion: version || null,
    staticFinding: true,
    mitigation: fixed ? `Upgrade ${pkg} to ${fixed}.` : '',
    references: [str(v.PrimaryURL), ...strings(v.References)].filter(Boolean).join('\n'),
  };
}

function misconfiguration(result: Json, m: Json): ParsedFinding {
  const cause = isObject(m.CauseMetadata) ? m.CauseMetadata : {};
  return {
    title: `${str(m.ID) ?? str(m.AVDID) ?? 'Misconfiguration'} - ${str(m.Title) ?? ''}`.replace(/ - $/, ''),
    severity: severityFromWord(m.Severity),
    description: [str(m.Description), str(m.Message)].filter(Boolean).join('\n\n'),
    filePath: str(result.Target),
    line: typeof cause.StartLine === 'number' && cause.StartLine > 0 ? cause.StartLine : null,
    staticFinding: true,
    mitigation: str(m.Resolution) ?? '',
    references: [str(m.PrimaryURL), ...strings(m.References)].filter(Boolean).join('\n'),
  };
}

function secret(result: Json, s: Json): ParsedFinding {
  return {
    title: `Secret detected in ${str(result.Target) ?? 'a file'} - ${str(s.Title) ?? str(s.RuleID) ?? 'secret'}`,
    severity: severityFromWord(s.Severity, 'High'),
    // The match itself is not kept: it is the secret.
    description: `Rule ${str(s.RuleID) ?? '?'} (${str(s.Category) ?? 'secret'}) matched.`,
    filePath: str(result.Target),
    line: typeof s.StartLine === 'number' && s.StartLine > 0 ? s.StartLine : null,
    staticFinding: true,
    mitigation: 'Revoke the secret, remove it from the code and its history.',
  };
}
