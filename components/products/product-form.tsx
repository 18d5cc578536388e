import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField, TextAreaField, TextField, type Option } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import type { Product } from '@/lib/domain/products';

const SLA_FIELDS = [
  ['sla_critical_days', 'Critical'],
  ['sla_high_days', 'High'],
  ['sla_medium_days', 'Medium'],
  ['sla_low_days', 'Low'],
] as const;

/** Creates a product (in `prodType` when given), or edits `product`. */
export function ProductForm({
  action,
  product,
  productTypes,
  prodType,
}: {
  action: FormAction;
  product?: Product;
  productTypes: Option[];
  prodType?: number;
}) {
  return (
    <ActionForm action={action} label={product ? 'Edit product' : 'New product'} className="max-w-xl space-y-4">
      {product && <input type="hidden" name="id" value={product.id} />}
      <TextField name="name" label="Name" required defaultValue={product?.name} />
      <TextAreaField name="description" label="Description" defaultValue={product?.description} />
      <SelectField
        name="prod_type"
        label="Product type"
        required
        options={productTypes}
        emptyLabel="Choose a product type"
        defaultValue={product?.prod_type ?? prodType}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">SLA days per severity</legend>
        <p className="text-xs text-slate-500">Leave empty to use the system-wide days.</p>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {SLA_FIELDS.map(([name, label]) => (
            <TextField key={name} name={name} label={label} type="number" defaultValue={product?.[name]} />
          ))}
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Saving…">{product ? 'Save changes' : 'Create product'}</SubmitButton>
    </ActionForm>
  );
}
