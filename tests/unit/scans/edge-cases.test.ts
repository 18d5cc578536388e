// Every parser on the same edge cases: a huge report (10,000 findings, read in seconds), unicode
// kept as written, and a truncated file answered with what is wrong.
import { describe, expect, it } from 'vitest';
import type { ScanParser } from '@/lib/scans/parser';
import { genericParser } from '@/lib/scans/parsers/generic';
import { gitleaksParser } from '@/lib/scans/parsers/gitleaks';
import { npmAuditParser } from '@/lib/scans/parsers/npm-audit';
import { semgrepParser } from '@/lib/scans/parsers/semgrep';
import { trivyParser } from '@/lib/scans/parsers/trivy';
import { zapParser } from '@/lib/scans/parsers/zap';

const N = 10_000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const UNICODE = 'Überprüfung «données» 日本語 🔥';

/** Each format's report of `n` findings whose first title contains `word`. */
const REPORTS: [ScanParser, (n: number, word: string) => string, string][] = [
  [
    trivyParser,
    (n, w) =>
      JSON.stringify({
        SchemaVersion: 2,
        Results: [
          {
            Target: 'app',
            Vulnerabilities: range(n).map((i) => ({
              VulnerabilityID: `CVE-2026-${i}`,
              PkgName: i === 0 ? w : `pkg${i}`,
              InstalledVersion: '1.0',
              Severity: 'HIGH',
            })),
          },
        ],
      }),
    'report.json',
  ],
  [
    semgrepParser,
    (n, w) =>
      JSON.stringify({
        results: range(n).map((i) => ({
          check_id: i === 0 ? w : `rule.${i}`,
          path: `f${i}.py`,
          start: { line: i + 1 },
          extra: { severity: 'ERROR' },
        })),
      }),
    'semgrep.json',
  ],
  [
    gitleaksParser,
    (n, w) =>
      JSON.stringify(
        range(n).map((i) => ({
          RuleID: 'generic',
          Description: i === 0 ? w : 'Key',
          File: `f${i}.env`,
          StartLine: 1,
          Fingerprint: `f${i}:1`,
        })),
      ),
    'gitleaks.json',
  ],
  [
    zapParser,
    (n, w) =>
      `<?xml version="1.0"?><OWASPZAPReport version="2.14.0"><site name="https://a.test"><alerts>${range(n)
        .map(
          (i) =>
            `<alertitem><pluginid>${i}</pluginid><alert>${i === 0 ? w : `Alert ${i}`}</alert><riskcode>2</riskcode>` +
            `<instances><instance><uri>https://a.test/${i}</uri></instance></instances></alertitem>`,
        )
        .join('')}</alerts></site></OWASPZAPReport>`,
    'zap.xml',
  ],
  [
    npmAuditParser,
    (n, w) =>
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: Object.fromEntries(
          range(n).map((i) => [
            `pkg${i}`,
            {
              name: `pkg${i}`,
              severity: 'high',
              via: [{ source: i, title: i === 0 ? w : `Advisory ${i}`, severity: 'high' }],
            },
          ]),
        ),
      }),
    'npm.json',
  ],
  [
    genericParser,
    (n, w) => JSON.stringify({ findings: range(n).map((i) => ({ title: i === 0 ? w : `F ${i}`, severity: 'Low' })) }),
    'g.json',
  ],
  [genericParser, (n, w) => ['Title,Severity', ...range(n).map((i) => `"${i === 0 ? w : `F ${i}`}",Low`)].join('\n'), 'g.csv'],
];

describe.each(REPORTS)('%s', (parser, report, fileName) => {
  it(`reads ${N} findings in seconds`, () => {
    const bytes = Buffer.from(report(N, 'first'));
    const started = performance.now();
    expect(parser.parse(bytes, fileName)).toHaveLength(N);
    // Generous: the machine running the tests is shared; alone, each takes 0.1–0.6 s (ZAP's XML the most).
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('keeps unicode as written', () => {
    const [first] = parser.parse(Buffer.from(report(1, UNICODE), 'utf8'), fileName);
    expect(first!.title).toContain(UNICODE);
  });

  it('answers a truncated file with what is wrong', () => {
    const whole = report(3, 'x');
    if (fileName.endsWith('.csv')) {
      expect(() => parser.parse(Buffer.from(`${whole}\n"unterminated,High`), fileName)).toThrow(/the CSV is malformed/);
    } else {
      expect(() => parser.parse(Buffer.from(whole.slice(0, whole.length - 20)), fileName)).toThrow(
        fileName.endsWith('.xml') ? /^not a ZAP XML report: line \d+:/ : /the file is not valid JSON/,
      );
    }
  });
});
