import Link from 'next/link';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { FormAction } from '@/lib/session/action';
import type { Actor } from '@/lib/auth/authorization';
import { riskAcceptancesPanel } from '@/lib/pages/risk-acceptances-panel';
import { RiskAcceptanceForm } from './risk-acceptance-form';

/** A product's risk acceptances; managing them (create, delete) needs the right to edit the product. */
export async function RiskAcceptancesSection({
  user,
  productId,
  canManage,
  createAction,
  deleteAction,
}: {
  user: Actor;
  productId: number;
  canManage: boolean;
  createAction: FormAction;
  deleteAction: FormAction;
}) {
  const { rows, owners, form } = await riskAcceptancesPanel(user, productId, canManage);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Section title="Risk acceptances" id="risk-acceptances">
      {rows.length === 0 ? (
        <EmptyState title="No accepted risks" />
      ) : (
        <Table label="Risk acceptances" head={['Name', 'Findings', 'Expires', 'Owner', '']}>
          {rows.map((ra) => (
            <tr key={ra.id}>
              <Cell>{ra.name}</Cell>
              <Cell>
                {ra.findings.map((f, i) => (
                  <span key={f}>
                    {i > 0 && ', '}
                    <Link href={`/findings/${f}`} className={LINK}>
                      #{f}
                    </Link>
                  </span>
                ))}
              </Cell>
              <Cell className="whitespace-nowrap">
                {ra.expiration_date ?? 'Never'}
                {ra.expiration_date && ra.expiration_date < today && <span className="ml-1 text-red-700">(expired)</span>}
              </Cell>
              <Cell>{ra.owner ? owners.get(ra.owner) : '—'}</Cell>
              <Cell className="text-right">
                {canManage && <DeleteConfirmation action={deleteAction} id={ra.id} what={`risk acceptance ${ra.name}`} />}
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {form && (
        <Card className="mt-4">
          <h3 className="mb-3 font-medium">Accept a risk</h3>
          <RiskAcceptanceForm action={createAction} productId={productId} ownerId={user.id} findings={form.findings} owners={form.owners} />
        </Card>
      )}
    </Section>
  );
}
