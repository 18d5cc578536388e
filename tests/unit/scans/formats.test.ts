import { describe, expect, it } from 'vitest';
import { parserFor, SCAN_TYPES, unknownScanTypeMessage } from '@/lib/scans/formats';
import { hashCode } from '@/lib/scans/hash-code';
import { gitleaksParser } from '@/lib/scans/parsers/gitleaks';
import { genericParser } from '@/lib/scans/parsers/generic';
import { npmAuditParser } from '@/lib/scans/parsers/npm-audit';
import { semgrepParser } from '@/lib/scans/parsers/semgrep';
import { trivyParser } from '@/lib/scans/parsers/trivy';
import { zapParser } from '@/lib/scans/parsers/zap';
import { fixture } from './read-fixture';

describe('scan types', () => {
  it("are DefectDojo's names, found in any case; an unknown one is named with the known ones", () => {
    expect(SCAN_TYPES).toEqual([
      'SARIF',
      'Trivy Scan',
      'Semgrep JSON Report',
      'Gitleaks Scan',
      'ZAP Scan',
      'NPM Audit v7+ Scan',
      'Generic Findings Import',
    ]);
    expect(parserFor('trivy scan')?.scanType).toBe('Trivy Scan');
    expect(parserFor('Foo')).toBeNull();
    expect(unknownScanTypeMessage('Foo')).toBe(`unknown scan_type 'Foo'; known: ${SCAN_TYPES.join(', ')}`);
  });

  it("hash codes follow the format's fields only (ZAP: title, CWE and severity)", () => {
    const base = { title: 'XSS', severity: 'High' as const, description: 'a', cwe: 79, endpoints: ['https://a/'] };
    const fields = zapParser.hashFields;
    expect(hashCode(base, fields)).toBe(hashCode({ ...base, description: 'b', endpoints: [] }, fields));
    expect(hashCode(base, fields)).not.toBe(hashCode({ ...base, severity: 'Medium' }, fields));
  });
});

describe('Trivy Scan', () => {
  it('reads vulnerabilities (component, version, CVE), failed misconfigurations and secrets', () => {
    const findings = trivyParser.parse(fixture('trivy.json'));
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ['CVE-2024-0001 openssl 3.0.11-1', 'Critical'],
      ['CVE-2023-9999 zlib1g 1:1.2.13', 'Low'],
      ['GHSA-abcd-efgh-ijkl lodash 4.17.20', 'High'],
      ['CVE-2022-0002 minimist 1.2.5', 'Info'],
      ["DS002 - Image user should not be 'root'", 'High'],
      ['Secret detected in config/settings.py - AWS Access Key ID', 'Critical'],
    ]);
    expect(findings[0]).toMatchObject({
      componentName: 'openssl',
      componentVersion: '3.0.11-1',
      vulnerabilityIds: ['CVE-2024-0001'],
      cwe: 122,
      filePath: 'registry.example/shop:1.4 (debian 12.4)',
      mitigation: 'Upgrade openssl to 3.0.13-1.',
    });
    expect(findings[4]).toMatchObject({ filePath: 'deploy/Dockerfile', line: 1, mitigation: "Add 'USER nonroot'" });
    expect(findings[5]!.description).not.toContain('AWS_KEY');
  });

  it('a clean report has no findings; something else says so', () => {
    expect(trivyParser.parse(fixture('trivy-clean.json'))).toEqual([]);
    expect(() => trivyParser.parse(fixture('semgrep.json'))).toThrow('not a Trivy JSON report: Results is missing');
  });
});

describe('Semgrep JSON Report', () => {
  it('reads each result: check id, path and line, CWE, fingerprint; nosemgrep is a false positive', () => {
    const [sqli, evalUse, ignored] = semgrepParser.parse(fixture('semgrep.json'));
    expect(sqli).toMatchObject({
      title: 'python.django.security.injection.sql.sql-injection-using-raw',
      severity: 'High',
      filePath: 'app/db.py',
      line: 27,
      cwe: 89,
      uniqueIdFromTool: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      references: 'https://semgrep.example/sqli',
    });
    expect(evalUse).toMatchObject({ severity: 'Medium', cwe: 95, uniqueIdFromTool: null });
    expect(ignored).toMatchObject({ severity: 'Low', falseP: true, active: false, cwe: null });
  });

  it('says what is missing', () => {
    expect(() => semgrepParser.parse(Buffer.from('{"errors":[]}'))).toThrow('not a Semgrep JSON report: results is missing');
  });
});

describe('Gitleaks Scan', () => {
  it('v8: one High finding per leak, with file, line and fingerprint, and never the secret', () => {
    const [aws, generic] = gitleaksParser.parse(fixture('gitleaks-v8.json'));
    expect(aws).toMatchObject({
      title: 'Hard coded AWS Access Key found in deploy/credentials.ini',
      severity: 'High',
      filePath: 'deploy/credentials.ini',
      line: 12,
      uniqueIdFromTool: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432:deploy/credentials.ini:aws-access-token:12',
    });
    expect(JSON.stringify([aws, generic])).not.toMatch(/AKIAIOSFODNN7EXAMPLE|s3cr3t-value-never-stored/);
  });

  it('v7: rule, file and line number; never the offender', () => {
    const [leak] = gitleaksParser.parse(fixture('gitleaks-v7.json'));
    expect(leak).toMatchObject({
      title: 'Hard coded Generic Credential found in settings/local.py',
      line: 7,
      filePath: 'settings/local.py',
    });
    expect(JSON.stringify(leak)).not.toContain('hunter2');
  });

  it('empty reports (v7 writes null, v8 an empty list) and other JSON', () => {
    expect(gitleaksParser.parse(fixture('gitleaks-v7-empty.json'))).toEqual([]);
    expect(gitleaksParser.parse(fixture('gitleaks-v8-empty.json'))).toEqual([]);
    expect(() => gitleaksParser.parse(fixture('semgrep.json'))).toThrow('not a Gitleaks JSON report: the top level is not a list of leaks');
  });
});

describe('ZAP Scan', () => {
  it('one finding per alert across sites, instances as endpoints, riskcode as severity, HTML as text', () => {
    const findings = zapParser.parse(fixture('zap.xml'));
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ['Content Security Policy (CSP) Header Not Set', 'Medium'],
      ['Cross Site Scripting (Reflected)', 'High'],
      ['X-Content-Type-Options Header Missing', 'Low'],
    ]);
    expect(findings[0]).toMatchObject({
      cwe: 693,
      dynamicFinding: true,
      description: 'Content Security Policy (CSP) is an added layer of security.',
      mitigation: 'Set the Content-Security-Policy header.',
      endpoints: ['https://shop.example.test/', 'https://shop.example.test/cart', 'https://api.example.test/v1'],
    });
    // Confidence 0 is ZAP's "false positive".
    expect(findings[2]).toMatchObject({ falseP: true, active: false });
  });

  it('empty, malformed, entity bombs and other XML', () => {
    expect(zapParser.parse(fixture('zap-empty.xml'))).toEqual([]);
    expect(() => zapParser.parse(fixture('zap-malformed.xml'))).toThrow(/^not a ZAP XML report: line 3: /);
    expect(() => zapParser.parse(fixture('zap-entities.xml'))).toThrow('not a ZAP XML report: entity declarations are not allowed');
    expect(() => zapParser.parse(Buffer.from('<report/>'))).toThrow('not a ZAP XML report: the root element is not OWASPZAPReport');
  });
});

describe('NPM Audit v7+ Scan', () => {
  it('one finding per advisory, with the package, GHSA id and fix; paths through other packages are not findings', () => {
    const findings = npmAuditParser.parse(fixture('npm-audit.json'));
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ['Prototype Pollution in minimist (minimist)', 'Critical'],
      ['semver vulnerable to Regular Expression Denial of Service (semver)', 'Medium'],
    ]);
    expect(findings[0]).toMatchObject({
      componentName: 'minimist',
      vulnerabilityIds: ['GHSA-xvch-5gv4-984h'],
      cwe: 1321,
      uniqueIdFromTool: 'minimist:1096465',
      mitigation: 'npm audit fix resolves it.',
    });
  });

  it("a clean report, and npm 6's format named as such", () => {
    expect(npmAuditParser.parse(fixture('npm-audit-clean.json'))).toEqual([]);
    expect(() => npmAuditParser.parse(fixture('npm-audit-v6.json'))).toThrow(/npm 6's format/);
  });
});

describe('Generic Findings Import', () => {
  it("JSON: DefectDojo's fields; a missing severity is Info", () => {
    const [password, tls, banner, fp] = genericParser.parse(fixture('generic.json'), 'generic.json');
    expect(password).toMatchObject({
      title: 'Hard-coded password in login controller',
      severity: 'High',
      cwe: 259,
      filePath: 'src/auth/login.ts',
      line: 31,
      uniqueIdFromTool: 'pentest-2026-007',
      staticFinding: true,
      mitigation: 'Read it from the vault.',
    });
    expect(tls).toMatchObject({
      vulnerabilityIds: ['CVE-2011-3389'],
      dynamicFinding: true,
      endpoints: ['https://shop.example.test:443/', 'https://api.example.test/'],
    });
    expect(banner).toMatchObject({ severity: 'Info' });
    expect(fp).toMatchObject({ falseP: true, active: false });
  });

  it('CSV: quoted commas, CWE and URL, Active=False, a missing severity is Info', () => {
    const rows = genericParser.parse(fixture('generic.csv'), 'report.csv');
    expect(rows.map((r) => [r.title, r.severity, r.active])).toEqual([
      ['Weak password policy, no lockout', 'High', true],
      ['Missing HSTS header', 'Low', true],
      ['Verbose error page', 'Info', false],
    ]);
    expect(rows[0]).toMatchObject({
      cwe: 521,
      endpoints: ['https://shop.example.test/login'],
      description: 'Accounts are never locked, even after 1,000 attempts.',
    });
  });

  it('says which row or finding is wrong', () => {
    expect(() => genericParser.parse(fixture('generic-bad-severity.csv'), 'x.csv')).toThrow(
      "row 1: severity 'Hihg' is not one of Critical, High, Medium, Low, Info",
    );
    expect(() => genericParser.parse(fixture('generic-malformed.csv'), 'x.csv')).toThrow(
      /^not a Generic Findings Import file: the CSV is malformed/,
    );
    expect(() => genericParser.parse(Buffer.from('{"findings":[{"severity":"High"}]}'))).toThrow('finding 1: title is missing');
    expect(() => genericParser.parse(Buffer.from('{"results":[]}'))).toThrow('not a Generic Findings Import file: findings is missing');
  });
});
