import Link from 'next/link';
import { SeverityBadge } from '@/components/severity-badge';
import { Badge } from '@/components/ui/badge';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { Finding } from '@/lib/domain/findings';

export function FindingStatus({ finding }: { finding: Pick<Finding, 'active' | 'verified'> }) {
  return (
    <span className="flex flex-wrap gap-1">
      {finding.active ? <Badge tone="warn">Active</Badge> : <Badge>Inactive</Badge>}
      {finding.verified && <Badge tone="good">Verified</Badge>}
    </span>
  );
}

/** The SLA due date, red once it has passed for an active finding. */
export function SlaDate({ finding }: { finding: Pick<Finding, 'active' | 'sla_expiration_date'> }) {
  const date = finding.sla_expiration_date;
  if (!date) return <>—</>;
  const breached = finding.active && date < new Date().toISOString().slice(0, 10);
  return (
    <span className={breached ? 'font-medium text-red-700' : undefined}>
      {date}
      {breached && ' (breached)'}
    </span>
  );
}

export function FindingTable({ findings }: { findings: Finding[] }) {
  return (
    <Table label="Findings" head={['Title', 'Severity', 'Status', 'Found', 'SLA due']}>
      {findings.map((f) => (
        <tr key={f.id}>
          <Cell>
            <Link href={`/findings/${f.id}`} className={LINK}>
              {f.title}
            </Link>
          </Cell>
          <Cell>
            <SeverityBadge severity={f.severity} />
          </Cell>
          <Cell>
            <FindingStatus finding={f} />
          </Cell>
          <Cell className="whitespace-nowrap">{f.date}</Cell>
          <Cell className="whitespace-nowrap">
            <SlaDate finding={f} />
          </Cell>
        </tr>
      ))}
    </Table>
  );
}
