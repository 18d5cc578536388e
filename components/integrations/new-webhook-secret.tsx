'use client';
// A webhook endpoint's signing secret, right after it was created or rotated: shown once, never again.
import { useActionForm } from '@/components/forms/action-form';

export function NewWebhookSecret() {
  const { state } = useActionForm();
  const secret = state.ok ? (state.data as { secret?: string } | undefined)?.secret : undefined;
  if (!secret) return null;
  return (
    <div data-testid="new-webhook-secret" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
      <p className="font-medium text-emerald-900">Copy the signing secret now: it will not be shown again.</p>
      <code className="mt-2 block rounded bg-white px-2 py-1 font-mono text-xs break-all">{secret}</code>
    </div>
  );
}
