// SARIF 2.1.0 (CodeQL, Semgrep, Trivy, Gitleaks, Checkov, Bandit, Snyk…): one finding per result.
// Severity from the rule's or result's `security-severity` score, else the result's level (or the
// rule's default level; SARIF's default is `warning`). Suppressed results are false positives.
import type { Severity } from '../../db/schema/enums';
import { isObject, list, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber, severityFromScore } from '../severity';

const WHAT = 'SARIF 2.1.0 log';
const LEVELS: Record<string, Severity> = { error: 'High', warning: 'Medium', note: 'Info', none: 'Info' };
const SKIPPED_KINDS = new Set(['pass', 'notApplicable']);
const TITLE_MAX = 150;

export const sarifParser: ScanParser = {
  scanType: 'SARIF',
  hashFields: ['title', 'cwe', 'filePath', 'line'],
  parse(report) {
    const log = readJson(report, WHAT);
    if (!isObject(log)) throw new ReportError(`not a ${WHAT}: the top level is not an object`);
    if (!('runs' in log)) throw new ReportError(`not a ${WHAT}: runs is missing`);
    if (log.version !== undefined && log.version !== '2.1.0') {
      throw new ReportError(`not a ${WHAT}: version is '${String(log.version)}'`);
    }
    if (!Array.isArray(log.runs)) throw new ReportError(`not a ${WHAT}: runs is not a list`);
    return log.runs.flatMap((run, i) => {
      if (!isObject(run)) throw new ReportError(`not a ${WHAT}: runs[${i}] is not an object`);
      return parseRun(run);
    });
  },
};

function parseRun(run: Json): ParsedFinding[] {
  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
  const rules = list(driver.rules).filter(isObject);
  const byId = new Map(rules.map((r) => [String(r.id), r]));
  const findings: ParsedFinding[] = [];
  for (const result of list(run.results)) {
    if (!isObject(result) || SKIPPED_KINDS.has(String(result.kind))) continue;
    const rule = ruleOf(result, rules, byId);
    findings.push(findingOf(result, rule));
  }
  return findings;
}

function ruleOf(result: Json, rules: Json[], byId: Map<string, Json>): Json {
  if (typeof result.ruleIndex === 'number' && rules[result.ruleIndex]) return rules[result.ruleIndex]!;
  const id = str(result.ruleId) ?? (isObject(result.rule) ? str(result.rule.id) : null);
  return (id && byId.get(id)) || {};
}

function findingOf(result: Json, rule: Json): ParsedFinding {
  const ruleId = str(result.ruleId) ?? str(rule.id) ?? '';
  const message = textOf(result.message) ?? textOf(rule.shortDescription) ?? ruleId;
  const firstLine = message.split(/\r?\n/)[0]!.trim() || ruleId || 'SARIF result';
  const title = firstLine.length > TITLE_MAX ? `${firstLine.slice(0, TITLE_MAX - 1)}…` : firstLine;
  const location = firstLocation(result);
  const suppressed = list(result.suppressions).some((s) => isObject(s) && (s.status === undefined || s.status === 'accepted'));
  const ruleProps = isObject(rule.properties) ? rule.properties : {};
  const tags = [...strings(ruleProps.tags), ...strings(isObject(result.properties) ? result.properties.tags : [])];
  const cwe = tags.map((t) => (/cwe/i.test(t) ? cweNumber(t) : null)).find((n) => n !== null) ?? null;
  const description = [message, textOf(rule.fullDescription)].filter((t, i, all) => t && all.indexOf(t) === i).join('\n\n');
  return {
    title,
    severity: severityOf(result, rule),
    description,
    filePath: location.filePath,
    line: location.line,
    cwe,
    vulnerabilityIds: /^(CVE|GHSA)-/i.test(ruleId) ? [ruleId] : [],
    uniqueIdFromTool: fingerprintOf(result),
    staticFinding: true,
    falseP: suppressed,
    active: !suppressed,
    mitigation: (isObject(rule.help) && (str(rule.help.markdown) ?? str(rule.help.text))) || '',
    references: str(rule.helpUri) ?? '',
  };
}

function severityOf(result: Json, rule: Json): Severity {
  for (const props of [result.properties, rule.properties]) {
    if (!isObject(props)) continue;
    const score = Number(props['security-severity']);
    if (props['security-severity'] !== undefined && Number.isFinite(score)) return severityFromScore(score);
  }
  const level = str(result.level) ?? (isObject(rule.defaultConfiguration) ? str(rule.defaultConfiguration.level) : null) ?? 'warning';
  return LEVELS[level] ?? 'Medium';
}

function firstLocation(result: Json): { filePath: string | null; line: number | null } {
  const location = list(result.locations).find(isObject);
  const physical = location && isObject(location.physicalLocation) ? location.physicalLocation : null;
  if (!physical) return { filePath: null, line: null };
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObject(physical.region) ? physical.region : {};
  const line = typeof region.startLine === 'number' && region.startLine > 0 ? Math.floor(region.startLine) : null;
  return { filePath: str(artifact.uri), line };
}

/** The result's fingerprint (stable across runs), else its partial fingerprint; keys sorted for stability. */
function fingerprintOf(result: Json): string | null {
  for (const prints of [result.fingerprints, result.partialFingerprints]) {
    if (!isObject(prints)) continue;
    const key = Object.keys(prints)
      .sort()
      .find((k) => str(prints[k]));
    if (key) return `${key}:${String(prints[key])}`;
  }
  return null;
}

function textOf(message: unknown): string | null {
  return isObject(message) ? (str(message.text) ?? str(message.markdown)) : null;
}
