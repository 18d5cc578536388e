import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextAreaField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import type { ProductType } from '@/lib/domain/product-types';

/** Creates a product type, or edits `productType` when given. */
export function ProductTypeForm({ action, productType }: { action: FormAction; productType?: ProductType }) {
  return (
    <ActionForm action={action} label={productType ? 'Edit product type' : 'New product type'} className="max-w-xl space-y-4">
      {productType && <input type="hidden" name="id" value={productType.id} />}
      <TextField name="name" label="Name" required defaultValue={productType?.name} />
      <TextAreaField name="description" label="Description" defaultValue={productType?.description} />
      <SubmitButton pendingLabel="Saving…">{productType ? 'Save changes' : 'Create product type'}</SubmitButton>
    </ActionForm>
  );
}
