// The one wrapper for server actions (saas-starter's validatedActionWithUser): every action gets the
// signed-in user, its form parsed with zod into the domain's input shape, and one answer shape for
// every failure, so forms show field errors next to their fields and keep what the user typed.
import 'server-only';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { forbidden, invalid, NON_FIELD, type Failure, type FieldErrors, type Result } from '../core/result';
import { nulCharacterErrors, parseWith } from '../core/validation';
import { CLIENT_ADDRESS_HEADER, clientAddressOf, UNKNOWN_ADDRESS } from '../auth/client-address';
import { formInput } from '../auth/form-input';
import { requireUser, type CurrentUser } from './current-user';
import { loggable } from '../db/error-text';

/** What the user typed, as the form sent it: re-rendered after a failure (never passwords). */
export type FormValues = Record<string, string | string[]>;

/** The state `useActionState` holds: nothing before the first submission. */
export interface ActionState<D = unknown> {
  ok?: boolean;
  /** A failure's status: 400 invalid, 403 not allowed, 404 not found, 409 conflict, 500 unexpected. */
  status?: number;
  /** Field name → messages. */
  errors?: FieldErrors;
  /** A message about the whole form. */
  detail?: string;
  values?: FormValues;
  /** What a successful action hands back to its form (the new API token's key). */
  data?: D;
}

/** The previous state is not read, so any action fits a form that expects `FormAction` (unknown data). */
export type FormAction<D = unknown> = (previous: ActionState, formData: FormData) => Promise<ActionState<D>>;

export const NOT_FOUND_MESSAGE = 'Not found: it does not exist, or you may not see it.';
export const NOT_ALLOWED_MESSAGE = 'Not allowed: you do not have permission to do this.';
export const NOT_A_FORM_MESSAGE = 'This action takes a form: send it from its page.';
const UNEXPECTED_MESSAGE = 'Something went wrong on our side. Try again.';
const GENERIC_FORBIDDEN = forbidden().detail;

/**
 * A server action for `useActionState`: requires a session (else redirects to /login), parses the
 * form with `schema`, runs `action` and maps its Result. Success answers `{ok: true, data}`, unless
 * the action redirects (Next's redirect and notFound pass through untouched).
 */
/** The signed-in user, with the trusted client address of the request (for the audit log). */
export type ActingUser = CurrentUser & { clientAddress: string };

export function validatedAction<S extends z.ZodObject, D>(
  schema: S,
  action: (data: z.output<S>, user: ActingUser, formData: FormData) => Promise<Result<D>>,
): FormAction<D> {
  return async (_previous, formData) => {
    const user: ActingUser = { ...(await requireUser()), clientAddress: await requestClientAddress() };
    // An action is reachable by any POST with its id: a body that is not a form ([], [{}]) is a 400.
    if (!(formData instanceof FormData)) return { ok: false, status: 400, detail: NOT_A_FORM_MESSAGE };
    const values = typedValues(formData);
    const nul = nulCharacterErrors(values);
    if (nul) return failed(invalid(nul), {});
    const parsed = parseWith(schema, formInput(schema, formData));
    if (!parsed.ok) return failed(parsed, values);
    return settle(user, values, () => action(parsed.value, user, formData));
  };
}

/**
 * validatedAction for an action called with a value rather than a form (a matrix's changes): the same
 * session, NUL check, parsing with `schema`, Result mapping and logging of an unexpected error.
 */
export function validatedCall<S extends z.ZodType, D>(
  schema: S,
  action: (data: z.output<S>, user: ActingUser) => Promise<Result<D>>,
): (input: unknown) => Promise<ActionState<D>> {
  return async (input) => {
    const user: ActingUser = { ...(await requireUser()), clientAddress: await requestClientAddress() };
    const nul = nulCharacterErrors(input);
    if (nul) return failed(invalid(nul), {});
    const parsed = parseWith(schema, input);
    if (!parsed.ok) return failed(parsed, {});
    return settle(user, {}, () => action(parsed.value, user));
  };
}

async function settle<D>(user: ActingUser, values: FormValues, run: () => Promise<Result<D>>): Promise<ActionState<D>> {
  try {
    const result = await run();
    return result.ok ? { ok: true, data: result.value } : failed(result, values);
  } catch (error) {
    unstable_rethrow(error);
    console.error(`server action failed (user ${user.id})`, loggable(error));
    return { ok: false, status: 500, detail: UNEXPECTED_MESSAGE, values };
  }
}

/** The trusted client address of the action's request; unknown outside one (an action called directly). */
async function requestClientAddress(): Promise<string> {
  try {
    return clientAddressOf((await headers()).get(CLIENT_ADDRESS_HEADER));
  } catch {
    return UNKNOWN_ADDRESS;
  }
}

function failed(failure: Failure, values: FormValues): ActionState<never> {
  const { [NON_FIELD]: general, ...errors } = failure.errors ?? {};
  return { ok: false, status: failure.status, errors, detail: detailOf(failure, general), values };
}

function detailOf(failure: Failure, general: string[] | undefined): string | undefined {
  if (failure.status === 404) return NOT_FOUND_MESSAGE;
  if (failure.status === 403)
    return failure.detail && failure.detail !== GENERIC_FORBIDDEN ? `Not allowed: ${failure.detail}` : NOT_ALLOWED_MESSAGE;
  return general?.join(' ') ?? failure.detail;
}

/** The form's text fields, without Next's own `$ACTION…` keys and without anything password-like. */
function typedValues(formData: FormData): FormValues {
  const values: FormValues = {}; // a plain object: React sends it back to the form (no null prototype)
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$') || /password/i.test(key) || key === '__proto__') continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key] = all.length === 1 ? all[0]! : all;
  }
  return values;
}
