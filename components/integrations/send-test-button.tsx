'use client';
// "Send test" beside an integration: one real message through the worker's sender, outcome inline.
import { useActionState } from 'react';
import type { FormAction } from '@/lib/session/action';
import { BUTTON } from '@/components/ui/styles';

type Outcome = { ok: boolean; detail: string };

export function SendTestButton({ action, channel, webhook }: { action: FormAction<Outcome>; channel: string; webhook?: number }) {
  const [state, formAction, pending] = useActionState(action, {});
  const outcome = state.ok ? state.data : state.detail ? { ok: false, detail: state.detail } : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="channel" value={channel} />
      {webhook !== undefined && <input type="hidden" name="webhook" value={webhook} />}
      <button type="submit" className={BUTTON.secondary} disabled={pending}>
        {pending ? 'Sending…' : 'Send test'}
      </button>
      {outcome && (
        <span
          data-testid={`test-outcome-${channel}${webhook ?? ''}`}
          role="status"
          className={outcome.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'}
        >
          {outcome.detail}
        </span>
      )}
    </form>
  );
}
