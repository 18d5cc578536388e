// Errors as values: every domain query and mutation answers with a Result, so server actions and
// API handlers map one shape to their own output (a form's field errors, an HTTP status).

/** What an authorization check decides (lib/auth/authorization.ts): a denial is a 403 or a 404. */
export type Decision = 'allowed' | 'forbidden' | 'not_found';

/** Field name → messages; whole-input problems go under `non_field_errors` (DefectDojo's key). */
export type FieldErrors = Record<string, string[]>;

export const NON_FIELD = 'non_field_errors';

export type FailureStatus = 400 | 403 | 404 | 409 | 413 | 429;

export interface Failure {
  ok: false;
  status: FailureStatus;
  errors?: FieldErrors;
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | Failure;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function invalid(errors: FieldErrors): Failure {
  return { ok: false, status: 400, errors };
}

/** The same answer whether the object does not exist or the caller may not see it. */
export function notFound(): Failure {
  return { ok: false, status: 404, detail: 'Not found.' };
}

export function forbidden(detail = 'You do not have permission to perform this action.'): Failure {
  return { ok: false, status: 403, detail };
}

export function conflict(errors: FieldErrors): Failure {
  return { ok: false, status: 409, errors };
}

/** The failure for an authorization decision, or null when the action is allowed. */
export function denial(decision: Decision): Failure | null {
  if (decision === 'allowed') return null;
  return decision === 'forbidden' ? forbidden() : notFound();
}
