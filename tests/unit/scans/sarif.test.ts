import { describe, expect, it } from 'vitest';
import { ReportError } from '@/lib/scans/parser';
import { sarifParser } from '@/lib/scans/parsers/sarif';
import { fixture } from './read-fixture';

const parse = (name: string) => sarifParser.parse(fixture(name));

describe('SARIF 2.1.0', () => {
  it('reads each result with its rule: title, file and line, CWE, fingerprint, help and link', () => {
    const [sqli, xss] = parse('codeql.sarif');
    expect(sqli).toMatchObject({
      title: 'This query depends on a user-provided value.',
      severity: 'High',
      filePath: 'src/routes/search.js',
      line: 42,
      cwe: 89,
      uniqueIdFromTool: 'primaryLocationLineHash:39fa2ee980eb94b0:1',
      staticFinding: true,
      active: true,
      falseP: false,
      mitigation: 'Use **parameterized** queries.',
      references: 'https://codeql.example/js/sql-injection',
    });
    expect(sqli!.description).toContain('Building a database query');
    // security-severity 6.1 is Medium, whatever the level says.
    expect(xss).toMatchObject({ severity: 'Medium', cwe: 79, filePath: 'src/routes/profile.js', line: 17 });
  });

  it('a suppressed result is an inactive false positive', () => {
    const suppressed = parse('codeql.sarif')[2];
    expect(suppressed).toMatchObject({ title: 'Unused variable tmp.', severity: 'Info', falseP: true, active: false });
  });

  it('without security-severity the level decides; no level means warning (Medium); passed results are skipped', () => {
    const results = parse('sarif-levels.sarif');
    expect(results.map((r) => [r.title, r.severity])).toEqual([
      ['Ensure the S3 bucket has no public READ access', 'Medium'],
      ['Bucket versioning is off', 'Info'],
      ['Package zlib 1.2.11 is vulnerable', 'Critical'],
      ['B105', 'Info'],
    ]);
    expect(results[2]!.vulnerabilityIds).toEqual(['CVE-2023-1234']);
    expect(results[1]).toMatchObject({ filePath: null, line: null, uniqueIdFromTool: null });
  });

  it('an empty run has no findings', () => {
    expect(parse('empty.sarif')).toEqual([]);
  });

  it('keeps unicode in messages and paths', () => {
    expect(parse('unicode.sarif')[0]).toMatchObject({
      title: 'Injection SQL possible dans «requête» — 日本語のメッセージ 🔥',
      filePath: 'src/données/モジュール.py',
      line: 9,
    });
  });

  it('says what is wrong with a file that is not a SARIF 2.1.0 log', () => {
    expect(() => parse('not-sarif.json')).toThrow(new ReportError('not a SARIF 2.1.0 log: runs is missing'));
    expect(() => parse('truncated.sarif')).toThrow(/^not a SARIF 2.1.0 log: the file is not valid JSON/);
    expect(() => sarifParser.parse(Buffer.from('{"version":"2.0.0","runs":[]}'))).toThrow("not a SARIF 2.1.0 log: version is '2.0.0'");
    expect(() => sarifParser.parse(Buffer.from(''))).toThrow('not a SARIF 2.1.0 log: the file is empty');
    expect(() => sarifParser.parse(Buffer.from('<xml/>'))).toThrow(/not valid JSON/);
  });

  it('reads a 10,000-result log in well under a second', () => {
    const results = Array.from({ length: 10_000 }, (_, i) => ({
      ruleId: `rule-${i % 50}`,
      level: 'warning',
      message: { text: `Finding number ${i}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `src/file-${i}.ts` }, region: { startLine: i + 1 } } }],
    }));
    const log = Buffer.from(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'big' } }, results }] }));
    const started = performance.now();
    const parsed = sarifParser.parse(log);
    expect(parsed).toHaveLength(10_000);
    expect(parsed[9_999]).toMatchObject({ title: 'Finding number 9999', line: 10_000 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
