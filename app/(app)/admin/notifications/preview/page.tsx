// "Who will hear this": a GET form (so a preview is a link) and what notify() would do with that event.
import type { Metadata } from 'next';
import { eventLabel } from '@/components/settings/event-label';
import { PreviewResults } from '@/components/settings/preview-results';
import { PageHeader } from '@/components/ui/page-header';
import { BUTTON, CONTROL } from '@/components/ui/styles';
import { requireSuperuser } from '@/lib/session/page-guard';
import { db } from '@/lib/db/client';
import { previewEvent } from '@/lib/domain/posted-events';
import { EVENT_GROUPS, EVENT_TYPES, EVENTS, type EventType } from '@/lib/core/event-catalog';
import { productChoices } from '@/lib/pages/choices';

export const metadata: Metadata = { title: 'Who will hear this?' };

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export default async function PreviewPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireSuperuser();
  const search = await searchParams;
  const type = one(search.type);
  const product = one(search.product);
  const recipients = one(search.recipients);
  const products = await productChoices(user);
  const usernames = recipients
    .split(/[\s,]+/)
    .map((name) => name.replace(/^@/, ''))
    .filter(Boolean);
  const result = type
    ? await previewEvent(db(), user, {
        type: type as EventType,
        title: 'Preview',
        product: product ? Number(product) : null,
        ...(usernames.length > 0 ? { recipients: usernames } : {}),
      })
    : null;
  const errors =
    result && !result.ok
      ? [result.detail, ...Object.entries(result.errors ?? {}).map(([f, m]) => `${f}: ${m.join(' ')}`)].filter(Boolean)
      : [];

  return (
    <>
      <PageHeader
        title="Who will hear this?"
        crumbs={[{ href: '/admin/notifications', label: 'Notifications' }]}
        subtitle="Pick an event and a product (or name users for mentions and review requests): nothing is sent."
      />
      <form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 sm:items-end">
        <div className="text-sm font-medium">
          <label htmlFor="preview-type">Event</label>
          <select id="preview-type" name="type" defaultValue={type} className={`${CONTROL} mt-1`} required>
            <option value="">Choose…</option>
            {EVENT_GROUPS.map((group) => (
              <optgroup key={group} label={group}>
                {EVENT_TYPES.filter((t) => EVENTS[t].group === group).map((t) => (
                  <option key={t} value={t}>
                    {eventLabel(t)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="text-sm font-medium">
          <label htmlFor="preview-product">Product</label>
          <select id="preview-product" name="product" defaultValue={product} className={`${CONTROL} mt-1`}>
            <option value="">None</option>
            {products.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="text-sm font-medium">
          <label htmlFor="preview-recipients">Recipients</label>
          <input
            id="preview-recipients"
            name="recipients"
            defaultValue={recipients}
            placeholder="@alice @bob"
            className={`${CONTROL} mt-1`}
          />
        </div>
        <button type="submit" className={BUTTON.primary}>
          Preview
        </button>
      </form>
      {errors.length > 0 && (
        <p data-testid="preview-error" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {errors.join(' ')}
        </p>
      )}
      {result?.ok && <PreviewResults preview={result.value} />}
    </>
  );
}
