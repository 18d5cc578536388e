// An outbox email's HTML, alone, for the outbox page's sandboxed frame: its own CSP (proxy.ts,
// EMAIL_PREVIEW_HEADERS) lets the mail's inline styles render while nothing in it can run.
import { currentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getOutboxEmail } from '@/lib/delivery/outbox-reader';
import { filter } from '@/lib/pages/list-query';

const notFound = () => new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  const id = filter.id.safeParse((await params).id);
  if (!user || !id.success) return notFound();
  const email = await getOutboxEmail(db(), user, id.data);
  if (!email.ok) return notFound();
  return new Response(email.value.html, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' },
  });
}
