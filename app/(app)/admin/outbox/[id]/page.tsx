import type { Metadata } from 'next';
import { UtcTime } from '@/components/deliveries/utc-time';
import { eventLabel } from '@/components/settings/event-label';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getOutboxEmail } from '@/lib/delivery/outbox-reader';

export const metadata: Metadata = { title: 'Outbox email' };

export default async function OutboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const email = await found(getOutboxEmail(db(), user, routeId((await params).id)));
  return (
    <>
      <PageHeader title={email.subject || '(no subject)'} crumbs={[{ href: '/admin/outbox', label: 'Outbox' }]} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">From</dt>
        <dd>{email.from}</dd>
        <dt className="text-slate-500">To</dt>
        <dd>{email.to.join(', ')}</dd>
        <dt className="text-slate-500">Event</dt>
        <dd>
          {eventLabel(email.eventType)} #{email.eventId}
        </dd>
        <dt className="text-slate-500">Time</dt>
        <dd>
          <UtcTime iso={email.createdAt} />
        </dd>
      </dl>
      <Section title="HTML" id="outbox-html">
        {/* An empty sandbox: no scripts, no forms, no same-origin access, so the mail cannot act as the admin.
            Its own URL, not srcdoc: a srcdoc frame would inherit this page's CSP and lose the mail's inline styles. */}
        <iframe
          title="Email HTML"
          sandbox=""
          src={`/admin/outbox/${email.id}/html`}
          className="h-[32rem] w-full rounded-lg border border-slate-200 bg-white"
        />
      </Section>
      <Section title="Text" id="outbox-text">
        <pre
          data-testid="outbox-text"
          className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap"
        >
          {email.text}
        </pre>
      </Section>
    </>
  );
}
