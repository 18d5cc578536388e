// What a log line (or a stored error shown to admins) may say about an error. A failed query's own
// message carries its bind parameters (drizzle: "Failed query: … params: …"; postgres.js keeps them
// on the error), and those are webhook URLs, encrypted secrets, addresses: say the statement and the
// SQLSTATE code instead, never a parameter. Imports nothing: the sidecar and the worker use it too.

interface QueryFailure {
  statement: string;
  code: string | null;
}

/** The failed query inside `error` (itself or a cause), or null when it is not a database error. */
function queryFailure(error: unknown): QueryFailure | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { query?: unknown; params?: unknown; parameters?: unknown; code?: unknown; cause?: { code?: unknown } };
    if (typeof candidate.query === 'string' && ('params' in candidate || 'parameters' in candidate)) {
      const code =
        typeof candidate.code === 'string' ? candidate.code : typeof candidate.cause?.code === 'string' ? candidate.cause.code : null;
      return { statement: candidate.query.replace(/\s+/g, ' ').trim(), code };
    }
  }
  return null;
}

/** "Failed query (SQLSTATE …): <statement>" when `error` is a database error, else null. */
export function queryFailureText(error: unknown): string | null {
  const failure = queryFailure(error);
  return failure ? `Failed query${failure.code ? ` (SQLSTATE ${failure.code})` : ''}: ${failure.statement}` : null;
}

/** One line about the error: for a failed query its SQLSTATE and statement, otherwise its message. */
export function errorText(error: unknown): string {
  return queryFailureText(error) ?? (error instanceof Error ? error.message : String(error));
}

/** For console.error: a failed query as that line; any other error as is (its stack is worth having). */
export function loggable(error: unknown): unknown {
  return queryFailureText(error) ?? error;
}
