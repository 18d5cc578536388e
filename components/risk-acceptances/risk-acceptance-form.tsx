import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxListField, SelectField, TextField, type Option } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';

/** Accepts the risk of some of a product's findings until a date, with an owner who can see the product. */
export function RiskAcceptanceForm({
  action,
  productId,
  findings,
  owners,
  ownerId,
}: {
  action: FormAction;
  productId: number;
  findings: Option[];
  owners: Option[];
  ownerId: number;
}) {
  return (
    <ActionForm action={action} label="New risk acceptance" successMessage="Risk acceptance created." className="space-y-4">
      <input type="hidden" name="product" value={productId} />
      <TextField name="name" label="Name" required />
      <CheckboxListField name="findings" label="Findings" options={findings} emptyText="This product has no findings yet." />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="expiration_date" label="Expires on" type="date" hint="Leave empty for no expiration." />
        <SelectField name="owner" label="Owner" options={owners} defaultValue={ownerId} />
      </div>
      <SubmitButton pendingLabel="Saving…">Accept risk</SubmitButton>
    </ActionForm>
  );
}
