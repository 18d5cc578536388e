import type { FormAction } from '@/lib/auth/action';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { BUTTON } from '@/components/ui/styles';

/**
 * "Retry all dead matching the filter", in two steps: the button opens a confirmation carrying the
 * page's filter as hidden fields; only its own button retries. A <details>, so no client code.
 */
export function RetryDeadConfirmation({ action, filter }: { action: FormAction; filter: Record<string, string> }) {
  return (
    <details className="relative">
      <summary className={`${BUTTON.secondary} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>Retry all dead matching the filter…</summary>
      <div className="absolute right-0 z-20 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-lg border border-amber-200 bg-white p-4 shadow-lg">
        <ActionForm action={action} label="Retry all dead deliveries" className="space-y-3" successMessage="The dead deliveries are queued again.">
          {Object.entries(filter).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
          <p className="text-sm">Send every dead delivery this filter matches again, with a fresh set of attempts?</p>
          <SubmitButton pendingLabel="Retrying…">Retry all dead</SubmitButton>
        </ActionForm>
      </div>
    </details>
  );
}
