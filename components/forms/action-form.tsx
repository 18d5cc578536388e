'use client';
// A form bound to a server action made with validatedAction: holds the action's state and shares it
// with the fields inside, which show their errors and the user's input after a failed submission.
import { createContext, Fragment, useActionState, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ActionState, FormAction } from '@/lib/session/action';
import { BUTTON, type ButtonKind } from '@/components/ui/styles';
import { unclaimedErrors } from './field-errors';

interface FormContext {
  state: ActionState;
  pending: boolean;
  /**
   * What was typed into write-only fields (`data-keep-typed`: secrets) at the last submission. The
   * server never sends them back; the browser keeps them so a refused save does not empty them.
   */
  typed: Record<string, string>;
}

const Context = createContext<FormContext>({ state: {}, pending: false, typed: {} });

export function useActionForm(): FormContext {
  return useContext(Context);
}

export function ActionForm<D>({
  action,
  children,
  className,
  successMessage,
  label,
}: {
  action: FormAction<D>;
  children: ReactNode;
  className?: string;
  /** Shown after a successful submission that stays on the page. */
  successMessage?: string;
  /** The form's accessible name. */
  label?: string;
}) {
  const [state, formAction, pending] = useActionState<ActionState<D>, FormData>(action, {});
  // Each answer remounts the fields, so they show the answer's values (selects included).
  const [answered, setAnswered] = useState(state);
  const [version, setVersion] = useState(0);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const [unclaimed, setUnclaimed] = useState<string[]>([]);
  if (answered !== state) {
    setAnswered(state);
    setVersion(version + 1);
  }
  // Errors for names no field of this form shows still reach the user, under the form.
  useEffect(() => {
    const names = new Set(Array.from(form.current?.elements ?? [], (element) => (element as HTMLInputElement).name));
    setUnclaimed(unclaimedErrors(state.errors, names));
  }, [state.errors]);
  const submit = (formData: FormData) => {
    const kept: Record<string, string> = {};
    for (const element of form.current?.querySelectorAll<HTMLInputElement>('[data-keep-typed]') ?? []) {
      const value = formData.get(element.name);
      if (typeof value === 'string' && value) kept[element.name] = value;
    }
    setTyped(kept);
    formAction(formData);
  };
  return (
    <Context.Provider value={{ state: state as ActionState, pending, typed: state.ok === false ? typed : {} }}>
      <form ref={form} action={submit} className={className ?? 'space-y-4'} aria-label={label} noValidate>
        <Fragment key={version}>{children}</Fragment>
        {(state.detail || unclaimed.length > 0) && (
          <div data-testid="form-error" role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {state.detail && <p>{state.detail}</p>}
            {unclaimed.length > 0 && (
              <ul>
                {unclaimed.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {state.ok && successMessage && (
          <p data-testid="form-success" role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {successMessage}
          </p>
        )}
      </form>
    </Context.Provider>
  );
}

export function SubmitButton({
  children,
  kind = 'primary',
  pendingLabel,
}: {
  children: ReactNode;
  kind?: ButtonKind;
  pendingLabel?: string;
}) {
  const { pending } = useActionForm();
  return (
    <button type="submit" disabled={pending} className={BUTTON[kind]}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
