// Reading a JSON request body: the content type, a size limit and the parse, each failure a 400
// (413 for size) with a message a person can act on.
import type { NextRequest } from 'next/server';
import { invalid, NON_FIELD, type Failure } from '../domain/result';

export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export type BodyRead = { ok: true; value: unknown } | Failure | { ok: false; status: 413; detail: string };

/** An empty body reads as `{}` (as in Django REST framework), so a PATCH with nothing changes nothing. */
export async function readJsonBody(request: NextRequest): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooLarge();
  if (text.trim() === '') return { ok: true, value: {} };
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    return invalid({ [NON_FIELD]: ['Unsupported content type: send JSON with Content-Type: application/json.'] });
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return invalid({ [NON_FIELD]: ['Malformed JSON.'] });
  }
}

function tooLarge() {
  return { ok: false as const, status: 413 as const, detail: `The body is larger than ${MAX_BODY_BYTES} bytes.` };
}
