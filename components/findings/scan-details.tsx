// What a scan report said about a finding: where (file and line, URLs, component), what (CWE,
// vulnerability ids), how to fix it, and how the tool identifies it. Only the fields it has.
import type { ReactNode } from 'react';
import { DetailList } from '@/components/ui/detail-list';
import { Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import type { Finding } from '@/lib/domain/findings';

const isHttp = (url: string) => /^https?:\/\//i.test(url);

export function ScanDetails({ finding }: { finding: Finding }) {
  const items: [string, ReactNode][] = [];
  if (finding.file_path)
    items.push([
      'File',
      <code key="file" className="break-all">
        {finding.file_path}
      </code>,
    ]);
  if (finding.line) items.push(['Line', String(finding.line)]);
  if (finding.component_name) {
    items.push(['Component', [finding.component_name, finding.component_version].filter(Boolean).join(' ')]);
  }
  if (finding.cwe) items.push(['CWE', `CWE-${finding.cwe}`]);
  if (finding.vulnerability_ids.length) {
    items.push(['Vulnerability ids', finding.vulnerability_ids.map((v) => v.vulnerability_id).join(', ')]);
  }
  if (finding.endpoints.length) {
    items.push([
      'Endpoints',
      <ul key="ep" className="space-y-1">
        {finding.endpoints.slice(0, 50).map((url) => (
          <li key={url} className="break-all">
            {isHttp(url) ? (
              <a href={url} className={LINK} rel="noreferrer nofollow">
                {url}
              </a>
            ) : (
              url
            )}
          </li>
        ))}
        {finding.endpoints.length > 50 && <li>and {finding.endpoints.length - 50} more</li>}
      </ul>,
    ]);
  }
  const kinds = [
    finding.static_finding && 'static',
    finding.dynamic_finding && 'dynamic',
    finding.false_p && 'false positive',
    finding.is_mitigated && 'mitigated',
  ].filter(Boolean);
  if (kinds.length) items.push(['Kind', kinds.join(', ')]);
  if (finding.unique_id_from_tool)
    items.push([
      "Tool's id",
      <code key="uid" className="break-all">
        {finding.unique_id_from_tool}
      </code>,
    ]);
  if (items.length === 0 && !finding.mitigation && !finding.references) return null;
  return (
    <Section title="From the scan" id="scan-details">
      {items.length > 0 && <DetailList items={items} />}
      {finding.mitigation && (
        <>
          <h3 className="mt-4 mb-2 text-sm font-semibold">Mitigation</h3>
          <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap break-words">{finding.mitigation}</p>
        </>
      )}
      {finding.references && (
        <>
          <h3 className="mt-4 mb-2 text-sm font-semibold">References</h3>
          <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap break-words">{finding.references}</p>
        </>
      )}
    </Section>
  );
}
