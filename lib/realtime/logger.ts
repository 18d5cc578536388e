// Structured logs: one JSON object per line on stdout. Never pass a cookie or a token in fields.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

export function jsonLogger(service = 'realtime', write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const log =
    (level: Level) =>
    (msg: string, fields: LogFields = {}) =>
      write(JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** One line about an error; a failed query's statement and code, never its parameters (lib/db/error-text.ts). */
export { errorText } from '../db/error-text';
