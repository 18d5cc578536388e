// Reading a JSON request body: the content type, a size limit and the parse, each failure a 400
// (413 for size) with a message a person can act on.
import type { NextRequest } from 'next/server';
import { invalid, NON_FIELD, type Failure } from '../core/result';

export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export type BodyRead = { ok: true; value: unknown } | Failure | { ok: false; status: 413; detail: string };

/** An empty body reads as `{}` (as in Django REST framework), so a PATCH with nothing changes nothing. */
export async function readJsonBody(request: NextRequest, max = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max) return tooLarge(max);
  const text = await readAtMost(request, max);
  if (text === null) return tooLarge(max);
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

/** The body as text, or null once it passes `max` bytes (read no further: a chunked body may be endless). */
async function readAtMost(request: NextRequest, max: number): Promise<string | null> {
  if (!request.body) return '';
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
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(max: number) {
  return { ok: false as const, status: 413 as const, detail: `The body is larger than ${max} bytes.` };
}
