'use client';
// A write-only secret: the stored value never reaches the browser, only whether one is set. Typing a
// new value replaces it; an empty field keeps it; "Remove" clears it.
import { useId } from 'react';
import { useActionForm } from '@/components/forms/action-form';
import { errorsForField } from '@/components/forms/field-errors';
import { CONTROL } from '@/components/ui/styles';

export function SecretField({ name, label, isSet, hint }: { name: string; label: string; isSet: boolean; hint?: string }) {
  const id = useId();
  const { state, typed } = useActionForm();
  const errors = errorsForField(state.errors, name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <p data-testid={`${name}-status`} className="mt-1 text-xs text-slate-600">
        {isSet ? '••••••• set — type a new value to replace it' : 'Not set'}
      </p>
      {/* After a refused save, what this browser typed comes back from the form's memory, never the server. */}
      <input
        id={id}
        name={name}
        type="password"
        autoComplete="off"
        defaultValue={typed[name] ?? ''}
        placeholder={isSet ? '•••••••' : ''}
        data-keep-typed
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
        className={`mt-1 ${CONTROL}`}
      />
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {errors && (
        <p id={`${id}-error`} data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
      {isSet && (
        <label className="mt-1 flex items-center gap-2 text-xs text-slate-600">
          <input type="checkbox" name={`clear_${name}`} /> Remove the stored value
        </label>
      )}
    </div>
  );
}
