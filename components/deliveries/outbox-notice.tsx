// The warning shown while mail is enabled without a Resend key: it stays in the local outbox.
import Link from 'next/link';

export function OutboxNotice({ text }: { text: string }) {
  return (
    <p
      role="status"
      data-testid="outbox-notice"
      className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      <strong className="font-semibold">Warning:</strong> {text}.{' '}
      <Link href="/admin/outbox" className="underline">
        Open the outbox
      </Link>
    </p>
  );
}
