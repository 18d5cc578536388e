import type { Metadata } from 'next';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextAreaField, TextField } from '@/components/forms/fields';
import { SecretField } from '@/components/integrations/secret-field';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/section';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getProduct } from '@/lib/domain/products';
import { readProductDestinations } from '@/lib/integrations/product-destinations';
import { saveProductDestinationsAction } from './actions';

export const metadata: Metadata = { title: 'Product settings' };

/** The product's own shared destinations: each one set replaces the system-wide one for its events. */
export default async function ProductSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const product = await found(getProduct(db(), user, id));
  const destinations = await readProductDestinations(db(), user, id);
  return (
    <>
      <PageHeader
        title={`${product.name}: notification destinations`}
        crumbs={[
          { href: '/products', label: 'Products' },
          { href: `/products/${id}`, label: product.name },
        ]}
        subtitle="Each destination set here replaces the system-wide one for events about this product."
      />
      {!destinations.ok ? (
        <NotAllowed />
      ) : (
        <Card>
          <ActionForm action={saveProductDestinationsAction} label="Product destinations" successMessage="Destinations saved.">
            <input type="hidden" name="id" value={id} />
            <TextField
              name="slack_channel"
              label="Slack channel"
              defaultValue={destinations.value.slack_channel}
              hint="Empty: the system-wide channel."
            />
            <SecretField
              name="msteams_url"
              label="Microsoft Teams Workflows URL"
              isSet={destinations.value.msteams_url_set}
              hint="https only. Not set: the system-wide Teams URL."
            />
            <TextAreaField
              name="mail_notifications_to"
              label="Mail recipients"
              rows={3}
              defaultValue={destinations.value.mail_notifications_to.join('\n')}
              hint="One address per line. Empty: the system-wide list."
            />
            <SubmitButton>Save destinations</SubmitButton>
          </ActionForm>
        </Card>
      )}
    </>
  );
}
