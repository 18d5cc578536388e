import Link from 'next/link';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { Test } from '@/lib/domain/tests';

/** Tests, with their engagement's name when `engagementNames` is given (lists across engagements). */
export function TestTable({ tests, engagementNames }: { tests: Test[]; engagementNames?: Map<number, string> }) {
  return (
    <Table label="Tests" head={engagementNames ? ['Title', 'Type', 'Engagement', 'Created'] : ['Title', 'Type', 'Created']}>
      {tests.map((t) => (
        <tr key={t.id}>
          <Cell>
            <Link href={`/tests/${t.id}`} className={LINK}>
              {t.title}
            </Link>
          </Cell>
          <Cell>{t.test_type}</Cell>
          {engagementNames && (
            <Cell>
              <Link href={`/engagements/${t.engagement}`} className="hover:underline">
                {engagementNames.get(t.engagement)}
              </Link>
            </Cell>
          )}
          <Cell className="whitespace-nowrap">{t.created.slice(0, 10)}</Cell>
        </tr>
      ))}
    </Table>
  );
}
