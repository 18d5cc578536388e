// Posting a form with the real curl, exactly as a pipeline does: `curl -F scan_type=SARIF -F file=@report.sarif …`.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'tocsin-scans-'));
let files = 0;

export interface CurlAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A report to upload: a file on disk, or bytes written to a temporary file with this name. */
export type Upload = { path: string } | { name: string; content: string | Buffer };

export function uploadPath(upload: Upload): string {
  if ('path' in upload) return upload.path;
  const file = path.join(dir, `${++files}-${upload.name}`);
  writeFileSync(file, upload.content);
  return file;
}

export async function curlForm(
  url: string,
  token: string | null,
  fields: Record<string, string>,
  upload: Upload | null,
  headers: Record<string, string> = {},
): Promise<CurlAnswer> {
  const args = ['-sS', '-X', 'POST', '-w', '\n%{http_code}'];
  if (token) args.push('-H', `Authorization: Token ${token}`);
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  // --form-string: a value starting with @ or < is sent as text, as -F would not.
  for (const [name, value] of Object.entries(fields)) args.push('--form-string', `${name}=${value}`);
  if (upload) args.push('-F', `file=@${uploadPath(upload)}`);
  args.push(url);
  const { stdout } = await run('curl', args, { maxBuffer: 64 * 1024 * 1024 });
  const cut = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, cut);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: Number(stdout.slice(cut + 1)), body };
}
