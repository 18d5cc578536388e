'use client';
// A form bound to a server action made with validatedAction: holds the action's state and shares it
// with the fields inside, which show their errors and the user's input after a failed submission.
import { createContext, Fragment, useActionState, useContext, useState, type ReactNode } from 'react';
import type { ActionState, FormAction } from '@/lib/auth/action';
import { BUTTON, type ButtonKind } from '@/components/ui/styles';

interface FormContext {
  state: ActionState;
  pending: boolean;
}

const Context = createContext<FormContext>({ state: {}, pending: false });

export function useActionForm(): FormContext {
  return useContext(Context);
}

export function ActionForm<D>({ action, children, className, successMessage, label }: {
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
  if (answered !== state) {
    setAnswered(state);
    setVersion(version + 1);
  }
  return (
    <Context.Provider value={{ state: state as ActionState, pending }}>
      <form action={formAction} className={className ?? 'space-y-4'} aria-label={label} noValidate>
        <Fragment key={version}>{children}</Fragment>
        {state.detail && (
          <p data-testid="form-error" role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{state.detail}</p>
        )}
        {state.ok && successMessage && (
          <p data-testid="form-success" role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{successMessage}</p>
        )}
      </form>
    </Context.Provider>
  );
}

export function SubmitButton({ children, kind = 'primary', pendingLabel }: { children: ReactNode; kind?: ButtonKind; pendingLabel?: string }) {
  const { pending } = useActionForm();
  return (
    <button type="submit" disabled={pending} className={BUTTON[kind]}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
