'use client';
// "Retry all dead matching the filter", in two steps: the button opens a modal dialog (Escape or
// Cancel close it) that says how many deliveries it will retry, with the page's filter as hidden
// fields; only its own button retries.
import { useRef, useState } from 'react';
import type { FormAction } from '@/lib/session/action';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { BUTTON } from '@/components/ui/styles';

const DIALOG =
  'm-auto w-96 max-w-[calc(100vw-2rem)] rounded-lg border border-amber-200 bg-white p-4 shadow-lg ' + 'backdrop:bg-slate-900/40';

export function RetryDeadConfirmation({
  action,
  filter,
  dead,
}: {
  action: FormAction;
  filter: Record<string, string>;
  /** How many dead deliveries the filter matches now. */
  dead: number;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The count when the dialog opened: the page refreshes after the retry (0 dead), the answer stays.
  const [count, setCount] = useState(dead);
  const open = () => {
    setCount(dead);
    dialog.current?.showModal();
  };
  const what = count === 1 ? '1 dead delivery' : `${count.toLocaleString('en-US')} dead deliveries`;
  return (
    <>
      <button type="button" className={BUTTON.secondary} onClick={open} aria-haspopup="dialog">
        Retry all dead matching the filter…
      </button>
      <dialog ref={dialog} aria-labelledby="retry-dead-title" className={DIALOG}>
        <h2 id="retry-dead-title" className="mb-2 font-semibold">
          Retry dead deliveries
        </h2>
        {count === 0 ? (
          <p className="text-sm" data-testid="retry-dead-count">
            No dead delivery matches the filter: there is nothing to retry.
          </p>
        ) : (
          <ActionForm
            action={action}
            label="Retry all dead deliveries"
            className="space-y-3"
            successMessage={`${what[0]!.toUpperCase()}${what.slice(1)} queued again.`}
          >
            {Object.entries(filter).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <p className="text-sm" data-testid="retry-dead-count">
              Send the {what} this filter matches again, with a fresh set of attempts?
            </p>
            <SubmitButton pendingLabel="Retrying…">
              {count === 1 ? 'Retry 1 delivery' : `Retry ${what.split(' ')[0]} deliveries`}
            </SubmitButton>
          </ActionForm>
        )}
        <button type="button" className={`mt-3 ${BUTTON.secondary}`} onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </dialog>
    </>
  );
}
