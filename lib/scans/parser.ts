// The one interface every scan report format implements: a pure function from the report's bytes to
// findings. Adding a format is one file under ./parsers and one line in ./formats.ts.
import type { Severity } from '../db/schema/enums';

/** A finding as a report states it, before the import decides whether it is new. */
export interface ParsedFinding {
  title: string;
  severity: Severity;
  description: string;
  filePath?: string | null;
  line?: number | null;
  cwe?: number | null;
  vulnerabilityIds?: string[];
  componentName?: string | null;
  componentVersion?: string | null;
  /** The tool's own stable id for the finding (a SARIF fingerprint, a Semgrep fingerprint…). */
  uniqueIdFromTool?: string | null;
  staticFinding?: boolean;
  dynamicFinding?: boolean;
  /** Suppressed in the report: recorded as a false positive, inactive. */
  falseP?: boolean;
  active?: boolean;
  mitigation?: string;
  references?: string;
  /** URLs, for DAST. */
  endpoints?: string[];
}

/** Which fields make a finding the same finding again when it has no unique id (DefectDojo's hashcode fields). */
export type HashField =
  'title' | 'severity' | 'cwe' | 'filePath' | 'line' | 'componentName' | 'componentVersion' | 'vulnerabilityIds' | 'description';

export interface ScanParser {
  /** DefectDojo's name of the scan type, e.g. `SARIF`, `Trivy Scan`. */
  scanType: string;
  hashFields: readonly HashField[];
  /** Throws ReportError when the bytes are not a report of this format. */
  parse(report: Buffer, fileName?: string): ParsedFinding[];
}

/** The report is not what its scan type says: the message is shown next to the `file` field. */
export class ReportError extends Error {}
