// One POST to an admin-configured URL (Teams, webhooks): guarded against private addresses at
// connect time, bounded by a deadline, never following redirects, sending exactly the given bytes.
import http from 'node:http';
import https from 'node:https';
import { PrivateAddressError, publicOnlyLookup, validateOutgoingUrl } from './url-guard';

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

export type PostOutcome =
  | { kind: 'response'; status: number; headers: http.IncomingHttpHeaders; body: string }
  /** The URL is not allowed (scheme, credentials, private address): retrying cannot help. */
  | { kind: 'refused'; error: string }
  | { kind: 'timeout' }
  /** No response: DNS, connection refused or reset. The message holds no URL. */
  | { kind: 'network'; error: string };

const MAX_RESPONSE_BODY = 2048;

export function postBytes(rawUrl: string, body: Buffer, headers: Record<string, string>, options: PostOptions): Promise<PostOutcome> {
  const checked = validateOutgoingUrl(rawUrl, { allowPrivate: options.allowPrivate });
  if (!checked.ok) return Promise.resolve({ kind: 'refused', error: checked.error });
  const url = checked.url;
  const transport = url.protocol === 'https:' ? https : http;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);

  return new Promise<PostOutcome>((resolve) => {
    const fail = (error: NodeJS.ErrnoException) => resolve(failureOutcome(error, deadline.signal.aborted));
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
      // A fresh connection each time: no pooled socket outlives the address check of its own lookup.
      agent: false,
      ...(!options.allowPrivate && { lookup: publicOnlyLookup }),
      signal: deadline.signal,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () =>
        resolve({
          kind: 'response',
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY).toString('utf8'),
        }),
      );
      response.on('error', fail);
      // Cut off mid-body (deadline or peer) without an 'error': still an answer to the caller.
      response.on('close', () => {
        if (!response.complete) fail(Object.assign(new Error('response cut off'), { code: 'ECONNRESET' }));
      });
    });
    request.on('error', fail);
    request.end(body);
  }).finally(() => clearTimeout(timer));
}

function failureOutcome(error: NodeJS.ErrnoException, timedOut: boolean): PostOutcome {
  if (timedOut) return { kind: 'timeout' };
  if (error instanceof PrivateAddressError) return { kind: 'refused', error: error.message };
  return { kind: 'network', error: `connection failed (${error.code ?? error.name})` };
}
