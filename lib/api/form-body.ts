// Reading a multipart/form-data request body (DefectDojo's import-scan as `curl -F` sends it): a
// size limit, then the platform's own multipart parser; text fields as strings, the `file` as bytes.
import type { NextRequest } from 'next/server';
import { invalid, NON_FIELD } from '../core/result';
import type { BodyRead } from './body';

const MULTIPART = /^multipart\/form-data\s*;/i;

export function isMultipart(request: Request): boolean {
  return MULTIPART.test(request.headers.get('content-type') ?? '');
}

export interface FormBody {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer } | null;
}

export async function readFormBody(
  request: NextRequest,
  max: number,
): Promise<{ ok: true; value: FormBody } | Exclude<BodyRead, { ok: true }>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!MULTIPART.test(contentType) || !/boundary=/i.test(contentType)) {
    return invalid({ [NON_FIELD]: ['Send the report as multipart/form-data (curl -F file=@report …).'] });
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max) return tooLarge(max);
  const bytes = await readBytes(request, max);
  if (bytes === null) return tooLarge(max);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return invalid({ [NON_FIELD]: ['Malformed multipart/form-data body.'] });
  }
  const fields: Record<string, string> = {};
  let file: FormBody['file'] = null;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (!(name in fields)) fields[name] = value;
    } else if (name === 'file' && file === null) {
      file = { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
    }
  }
  return { ok: true, value: { fields, file } };
}

async function readBytes(request: NextRequest, max: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(max: number) {
  return { ok: false as const, status: 413 as const, detail: `The body is larger than ${max} bytes.` };
}
