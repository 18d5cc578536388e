import Link from 'next/link';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField } from '@/components/forms/fields';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { FormAction } from '@/lib/session/action';
import type { Actor } from '@/lib/auth/authorization';
import { db } from '@/lib/db/client';
import { ROLES, type Role } from '@/lib/db/schema/enums';
import { listMemberships, type MembershipKind } from '@/lib/domain/memberships';
import type { Page } from '@/lib/domain/pagination';
import type { Result } from '@/lib/core/result';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { namesById, productChoices, productTypeChoices, type Choice } from '@/lib/pages/choices';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r }));
export interface MembershipActions {
  add: FormAction;
  changeRole: FormAction;
  remove: FormAction;
}

interface Row {
  id: number;
  target: number;
  role: Role;
}

/** The roles a user or a group holds in product types and products: change, remove, add. */
export async function MembershipsSection({ actor, principal, principalId, actions }: {
  actor: Actor;
  principal: 'user' | 'group';
  principalId: number;
  actions: MembershipActions;
}) {
  const typeKind: MembershipKind = principal === 'user' ? 'product_type_members' : 'product_type_groups';
  const productKind: MembershipKind = principal === 'user' ? 'product_members' : 'product_groups';
  const [typeRows, productRows, productTypes, products] = await Promise.all([
    listMemberships(db(), actor, typeKind, { [principal]: principalId }, ALL_ROWS),
    listMemberships(db(), actor, productKind, { [principal]: principalId }, ALL_ROWS),
    productTypeChoices(actor), productChoices(actor),
  ]);
  type Listed = { id: number; role: Role } & Partial<Record<'product_type' | 'product', number>>;
  const rows = (result: Result<Page<Listed>>, parent: 'product_type' | 'product'): Row[] =>
    result.ok ? result.value.results.map((m) => ({ id: m.id, target: m[parent]!, role: m.role })) : [];
  return (
    <Section title="Memberships" id="memberships">
      <div className="grid gap-6 lg:grid-cols-2">
        <MembershipList title="Product types" kind={typeKind} parent="product_type" rows={rows(typeRows, 'product_type')}
          choices={productTypes} href="/product-types" principal={principal} principalId={principalId} actions={actions} />
        <MembershipList title="Products" kind={productKind} parent="product" rows={rows(productRows, 'product')}
          choices={products} href="/products" principal={principal} principalId={principalId} actions={actions} />
      </div>
    </Section>
  );
}

function MembershipList({ title, kind, parent, rows, choices, href, principal, principalId, actions }: {
  title: string;
  kind: MembershipKind;
  parent: 'product_type' | 'product';
  rows: Row[];
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
      {rows.length === 0 ? <EmptyState title={`No ${title.toLowerCase()}`} /> : (
        <Table label={`${title} memberships`} head={['Name', 'Role', '']}>
          {rows.map((row) => (
            <tr key={row.id}>
              <Cell><Link href={`${href}/${row.target}`} className={LINK}>{names.get(row.target)}</Link></Cell>
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
        <ActionForm action={actions.add} label={`Add to a ${title.toLowerCase().replace(/s$/, '')}`} className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name={principal} value={principalId} />
          <SelectField name={parent} label={title.replace(/s$/, '')} emptyLabel="Choose…" options={choices.filter((c) => !taken.has(c.value))} />
          <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue="Reader" />
          <SubmitButton>Add</SubmitButton>
        </ActionForm>
      </Card>
    </div>
  );
}
