'use client';
// "Retry all dead matching the filter", in two steps: the button opens a modal dialog (Escape or
// Cancel close it) that says how many deliveries it will retry, with the page's filter as hidden
// fields; only its own button retries.
import { useRef } from 'react';
import type { FormAction } from '@/lib/auth/action';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { BUTTON } from '@/components/ui/styles';

export function RetryDeadConfirmation({ action, filter, dead }: {
  action: FormAction;
  filter: Record<string, string>;
  /** How many dead deliveries the filter matches now. */
  dead: number;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const what = dead === 1 ? '1 dead delivery' : `${dead.toLocaleString('en-US')} dead deliveries`;
  return (
    <>
      <button type="button" className={BUTTON.secondary} onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">
        Retry all dead matching the filter…
      </button>
      <dialog ref={dialog} aria-labelledby="retry-dead-title"
        className="m-auto w-96 max-w-[calc(100vw-2rem)] rounded-lg border border-amber-200 bg-white p-4 shadow-lg backdrop:bg-slate-900/40">
        <h2 id="retry-dead-title" className="mb-2 font-semibold">Retry dead deliveries</h2>
        {dead === 0 ? (
          <p className="text-sm" data-testid="retry-dead-count">No dead delivery matches the filter: there is nothing to retry.</p>
        ) : (
          <ActionForm action={action} label="Retry all dead deliveries" className="space-y-3"
            successMessage={`${what[0]!.toUpperCase()}${what.slice(1)} queued again.`}>
            {Object.entries(filter).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
            <p className="text-sm" data-testid="retry-dead-count">
              Send the {what} this filter matches again, with a fresh set of attempts?
            </p>
            <SubmitButton pendingLabel="Retrying…">{dead === 1 ? 'Retry 1 delivery' : `Retry ${what.split(' ')[0]} deliveries`}</SubmitButton>
          </ActionForm>
        )}
        <button type="button" className={`mt-3 ${BUTTON.secondary}`} onClick={() => dialog.current?.close()}>Cancel</button>
      </dialog>
    </>
  );
}
