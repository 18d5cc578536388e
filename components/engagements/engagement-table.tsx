import Link from 'next/link';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { Engagement } from '@/lib/domain/engagements';
import { EngagementStatusBadge } from './engagement-status';

/** Engagements, with their product's name when `productNames` is given (lists across products). */
export function EngagementTable({ engagements, productNames }: { engagements: Engagement[]; productNames?: Map<number, string> }) {
  const head = productNames ? ['Name', 'Product', 'Status', 'Start', 'End'] : ['Name', 'Status', 'Start', 'End'];
  return (
    <Table label="Engagements" head={head}>
      {engagements.map((e) => (
        <tr key={e.id}>
          <Cell>
            <Link href={`/engagements/${e.id}`} className={LINK}>
              {e.name}
            </Link>
          </Cell>
          {productNames && (
            <Cell>
              <Link href={`/products/${e.product}`} className="hover:underline">
                {productNames.get(e.product)}
              </Link>
            </Cell>
          )}
          <Cell>
            <EngagementStatusBadge status={e.status} />
          </Cell>
          <Cell className="whitespace-nowrap">{e.target_start}</Cell>
          <Cell className="whitespace-nowrap">{e.target_end}</Cell>
        </tr>
      ))}
    </Table>
  );
}
