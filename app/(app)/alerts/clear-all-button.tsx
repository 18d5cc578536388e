'use client';
// "Clear all" asks first, in a modal dialog (the native <dialog>: focus stays inside, Escape cancels).

import { useId, useRef } from 'react';

export function ClearAllButton({ disabled, onConfirm }: { disabled: boolean; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
        className="rounded-md border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
      >
        Clear all
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto max-w-sm rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={titleId} className="text-lg font-semibold">
          Delete all your alerts?
        </h2>
        <p className="mt-2 text-sm text-slate-600">Every alert goes, read or unread, on every page. This cannot be undone.</p>
        <form method="dialog" className="mt-5 flex justify-end gap-2">
          <button value="cancel" autoFocus className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            Cancel
          </button>
          <button
            value="confirm"
            onClick={onConfirm}
            className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700"
          >
            Delete all
          </button>
        </form>
      </dialog>
    </>
  );
}
