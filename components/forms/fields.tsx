'use client';
// Form fields for ActionForm: a label, the control, a hint, and the field's errors right under it.
// After a failed submission a field shows what the user sent (state.values), not its initial value.
import { useId, type ReactNode } from 'react';
import { CONTROL } from '@/components/ui/styles';
import { useActionForm } from './action-form';
import { errorsForField } from './field-errors';

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
}

/** The field's id, its errors (its entries' too: "Line 2: …"), and the value to show: the submitted one after a failure. */
function useField(name: string, entry = 'Entry') {
  const id = useId();
  const { state } = useActionForm();
  const errors = errorsForField(state.errors, name, entry);
  const submitted = state.values ? ([] as string[]).concat(state.values[name] ?? []) : undefined;
  return { id, errors, submitted, describedBy: errors ? `${id}-error` : undefined };
}

function Label({ htmlFor, label, required, hidden }: { htmlFor: string; label: string; required?: boolean; hidden?: boolean }) {
  return (
    <label htmlFor={htmlFor} className={hidden ? 'sr-only' : 'block text-sm font-medium text-slate-700'}>
      {label}
      {required && (
        <span aria-hidden className="text-red-600">
          {' '}
          *
        </span>
      )}
    </label>
  );
}

function Errors({ id, name, errors }: { id: string; name: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
      {errors.join(' ')}
    </p>
  );
}

function Hint({ hint }: { hint?: ReactNode }) {
  return hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null;
}

export function TextField({
  name,
  label,
  hint,
  required,
  defaultValue,
  type = 'text',
  autoComplete,
  placeholder,
}: FieldProps & {
  defaultValue?: string | number | null;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'search';
  autoComplete?: string;
  placeholder?: string;
}) {
  const { id, errors, submitted, describedBy } = useField(name);
  const value = type === 'password' ? '' : submitted ? (submitted[0] ?? '') : (defaultValue ?? '');
  return (
    <div>
      <Label htmlFor={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={value}
        required={required}
        autoComplete={autoComplete}
        placeholder={placeholder}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 ${CONTROL}`}
      />
      <Hint hint={hint} />
      <Errors id={id} name={name} errors={errors} />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  required,
  defaultValue,
  rows = 4,
}: FieldProps & { defaultValue?: string; rows?: number }) {
  const { id, errors, submitted, describedBy } = useField(name, 'Line');
  return (
    <div>
      <Label htmlFor={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={submitted ? (submitted[0] ?? '') : (defaultValue ?? '')}
        required={required}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 ${CONTROL}`}
      />
      <Hint hint={hint} />
      <Errors id={id} name={name} errors={errors} />
    </div>
  );
}

export interface Option {
  value: string | number;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  required,
  defaultValue,
  options,
  emptyLabel,
  inline,
}: FieldProps & {
  defaultValue?: string | number | null;
  options: Option[];
  /** A first, empty choice ("— none —"); without it the first option is preselected. */
  emptyLabel?: string;
  /** In a table row: the label is for screen readers only. */
  inline?: boolean;
}) {
  const { id, errors, submitted, describedBy } = useField(name);
  const value = submitted ? (submitted[0] ?? '') : String(defaultValue ?? '');
  return (
    <div className={inline ? 'min-w-36' : undefined}>
      <Label htmlFor={id} label={label} required={required} hidden={inline} />
      <select
        id={id}
        name={name}
        defaultValue={value}
        required={required}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy}
        className={`${inline ? '' : 'mt-1 '}${CONTROL}`}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint hint={hint} />
      <Errors id={id} name={name} errors={errors} />
    </div>
  );
}

export function CheckboxField({ name, label, hint, defaultChecked }: Omit<FieldProps, 'required'> & { defaultChecked?: boolean }) {
  const { id, errors, submitted, describedBy } = useField(name);
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="checkbox"
          defaultChecked={submitted ? submitted.length > 0 : defaultChecked}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy}
          className="size-4 rounded border-slate-300 text-indigo-600"
        />
        <label htmlFor={id} className="text-sm text-slate-700">
          {label}
        </label>
      </div>
      <Hint hint={hint} />
      <Errors id={id} name={name} errors={errors} />
    </div>
  );
}

/** Several choices of one name (findings of a risk acceptance, reviewers), as a list of checkboxes. */
export function CheckboxListField({
  name,
  label,
  hint,
  options,
  defaultValue = [],
  emptyText,
}: Omit<FieldProps, 'required'> & {
  options: Option[];
  defaultValue?: (string | number)[];
  emptyText: string;
}) {
  const { id, errors, submitted, describedBy } = useField(name);
  const chosen = new Set(submitted ?? defaultValue.map(String));
  return (
    <fieldset aria-describedby={describedBy} aria-invalid={errors ? true : undefined}>
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      {options.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{emptyText}</p>
      ) : (
        <ul className="mt-1 max-h-56 space-y-1 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
          {options.map((o) => (
            <li key={o.value}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={name}
                  value={o.value}
                  defaultChecked={chosen.has(String(o.value))}
                  className="size-4 rounded border-slate-300 text-indigo-600"
                />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <Hint hint={hint} />
      <Errors id={id} name={name} errors={errors} />
    </fieldset>
  );
}
