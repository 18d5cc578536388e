import Link from 'next/link';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField } from '@/components/forms/fields';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { FormAction } from '@/lib/session/action';
import type { Actor } from '@/lib/auth/authorization';
import { ROLES } from '@/lib/db/schema/enums';
import type { MembershipKind } from '@/lib/domain/memberships';
import { namesById, type Choice } from '@/lib/pages/choices';
import { membershipsPanel, type MembershipParent, type MembershipRow } from '@/lib/pages/memberships-panel';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r }));
export interface MembershipActions {
  add: FormAction;
  changeRole: FormAction;
  remove: FormAction;
}

/** The roles a user or a group holds in product types and products: change, remove, add. */
export async function MembershipsSection({
  actor,
  principal,
  principalId,
  actions,
}: {
  actor: Actor;
  principal: 'user' | 'group';
  principalId: number;
  actions: MembershipActions;
}) {
  const panel = await membershipsPanel(actor, principal, principalId);
  return (
    <Section title="Memberships" id="memberships">
      <div className="grid gap-6 lg:grid-cols-2">
        <MembershipList
          title="Product types"
          parent="product_type"
          {...panel.product_type}
          href="/product-types"
          principal={principal}
          principalId={principalId}
          actions={actions}
        />
        <MembershipList
          title="Products"
          parent="product"
          {...panel.product}
          href="/products"
          principal={principal}
          principalId={principalId}
          actions={actions}
        />
      </div>
    </Section>
  );
}

function MembershipList({
  title,
  kind,
  parent,
  rows,
  choices,
  href,
  principal,
  principalId,
  actions,
}: {
  title: string;
  kind: MembershipKind;
  parent: MembershipParent;
  rows: MembershipRow[];
  choices: Choice[];
  href: string;
  principal: 'user' | 'group';
  principalId: number;
  actions: MembershipActions;
}) {
  const names = namesById(choices);
  const taken = new Set(rows.map((r) => r.target));
  return (
    <div data-testid={`memberships-${parent}`} className="min-w-0">
      <h3 className="mb-2 font-medium">{title}</h3>
      {rows.length === 0 ? (
        <EmptyState title={`No ${title.toLowerCase()}`} />
      ) : (
        <Table label={`${title} memberships`} head={['Name', 'Role', '']}>
          {rows.map((row) => (
            <tr key={row.id}>
              <Cell>
                <Link href={`${href}/${row.target}`} className={LINK}>
                  {names.get(row.target)}
                </Link>
              </Cell>
              <Cell>
                <ActionForm action={actions.changeRole} label={`Role in ${names.get(row.target)}`} className="flex items-center gap-2">
                  <input type="hidden" name="kind" value={kind} />
                  <input type="hidden" name="id" value={row.id} />
                  <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue={row.role} inline />
                  <SubmitButton kind="secondary">Save</SubmitButton>
                </ActionForm>
              </Cell>
              <Cell>
                <ActionForm action={actions.remove} label={`Remove from ${names.get(row.target)}`}>
                  <input type="hidden" name="kind" value={kind} />
                  <input type="hidden" name="id" value={row.id} />
                  <SubmitButton kind="dangerOutline">Remove</SubmitButton>
                </ActionForm>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Card className="mt-3">
        <ActionForm
          action={actions.add}
          label={`Add to a ${title.toLowerCase().replace(/s$/, '')}`}
          className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end"
        >
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name={principal} value={principalId} />
          <SelectField
            name={parent}
            label={title.replace(/s$/, '')}
            emptyLabel="Choose…"
            options={choices.filter((c) => !taken.has(c.value))}
          />
          <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue="Reader" />
          <SubmitButton>Add</SubmitButton>
        </ActionForm>
      </Card>
    </div>
  );
}
