import type { FormAction } from '@/lib/session/action';
import { ActionForm, SubmitButton } from './action-form';
import { BUTTON } from '@/components/ui/styles';

/**
 * Delete, in two steps: the button opens a confirmation that says what goes with the object; only
 * its own button deletes. A <details> element, so it needs no client code of its own.
 */
export function DeleteConfirmation({
  action,
  id,
  what,
  consequence,
}: {
  action: FormAction;
  id: number;
  /** "product type Web Applications" */
  what: string;
  consequence?: string;
}) {
  return (
    <details className="group relative">
      <summary className={`${BUTTON.dangerOutline} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>Delete…</summary>
      <div className="absolute left-0 z-20 mt-2 hidden w-72 group-open:block sm:right-0 sm:left-auto max-w-[calc(100vw-2rem)] rounded-lg border border-red-200 bg-white p-4 shadow-lg">
        <ActionForm action={action} label={`Delete ${what}`} className="space-y-3">
          <input type="hidden" name="id" value={id} />
          <p className="text-sm">Delete {what}? This cannot be undone.</p>
          {consequence && <p className="text-sm text-slate-600">{consequence}</p>}
          <SubmitButton kind="danger" pendingLabel="Deleting…">
            Delete permanently
          </SubmitButton>
        </ActionForm>
      </div>
    </details>
  );
}
