// Reading a JSON report strictly: the bytes must be UTF-8 JSON (a BOM is allowed), or the import says so.
import { ReportError } from './parser';

export function readJson(report: Buffer, what: string): unknown {
  let text = report.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new ReportError(`not a ${what}: the file is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReportError(`not a ${what}: the file is not valid JSON (${(error as Error).message})`);
  }
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
export const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string' && v !== '');
