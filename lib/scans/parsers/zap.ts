// ZAP's traditional XML report (`OWASPZAPReport`): one finding per alert (merged across sites),
// its instances' URIs as endpoints, riskcode 0–3 → Info…High, confidence 0 → false positive.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Severity } from '../../db/schema/enums';
import { isObject, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber } from '../severity';

const WHAT = 'ZAP XML report';
const RISKS: Severity[] = ['Info', 'Low', 'Medium', 'High'];
const MAX_ENDPOINTS = 1000;

export const zapParser: ScanParser = {
  scanType: 'ZAP Scan',
  hashFields: ['title', 'cwe', 'severity'],
  parse(report) {
    const xml = report.toString('utf8').replace(/^\uFEFF/, '');
    if (xml.trim() === '') throw new ReportError(`not a ${WHAT}: the file is empty`);
    // Entity declarations are how XML bombs expand; ZAP never writes them.
    if (/<!ENTITY/i.test(xml)) throw new ReportError(`not a ${WHAT}: entity declarations are not allowed`);
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new ReportError(`not a ${WHAT}: line ${valid.err.line}: ${valid.err.msg}`);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      parseTagValue: false,
      trimValues: true,
      isArray: (name) => ['site', 'alertitem', 'instance'].includes(name),
    });
    const doc = parser.parse(xml) as Json;
    const root = doc.OWASPZAPReport;
    if (root === undefined) throw new ReportError(`not a ${WHAT}: the root element is not OWASPZAPReport`);
    const merged = new Map<string, ParsedFinding>();
    for (const site of isObject(root) && Array.isArray(root.site) ? root.site : []) {
      const alerts = isObject(site) && isObject(site.alerts) && Array.isArray(site.alerts.alertitem) ? site.alerts.alertitem : [];
      for (const item of alerts.filter(isObject)) {
        const finding = alertOf(item);
        const key = `${text(item.alertRef) || text(item.pluginid)}|${finding.severity}|${finding.title}`;
        const known = merged.get(key);
        if (!known) merged.set(key, finding);
        else known.endpoints = [...new Set([...(known.endpoints ?? []), ...(finding.endpoints ?? [])])].slice(0, MAX_ENDPOINTS);
      }
    }
    return [...merged.values()];
  },
};

function alertOf(item: Json): ParsedFinding {
  const risk = Number(text(item.riskcode));
  const instances = isObject(item.instances) && Array.isArray(item.instances.instance) ? item.instances.instance.filter(isObject) : [];
  const uris = [...new Set(instances.map((i) => text(i.uri)).filter(Boolean))].slice(0, MAX_ENDPOINTS);
  const falsePositive = text(item.confidence) === '0';
  return {
    title: text(item.alert) || text(item.name) || `ZAP alert ${text(item.pluginid)}`,
    severity: RISKS[risk] ?? 'Info',
    description: [plain(text(item.desc)), plain(text(item.otherinfo))].filter(Boolean).join('\n\n'),
    cwe: cweNumber(text(item.cweid)),
    dynamicFinding: true,
    falseP: falsePositive,
    active: !falsePositive,
    mitigation: plain(text(item.solution)),
    references: plain(text(item.reference)),
    endpoints: uris,
  };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObject(value) && typeof value['#text'] === 'string') return value['#text'];
  return '';
}

/** ZAP writes its descriptions as escaped HTML paragraphs: keep the words, one paragraph per line. */
function plain(html: string): string {
  return html
    .replace(/<\/p>\s*/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
