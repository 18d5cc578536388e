// For API test files: the real app on this file's database, an HTTP client, and tokens for users.
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { createApiToken } from '../../lib/auth/api-tokens';
import { db } from '../../lib/db/client';
import { users } from '../../lib/db/schema';
import { ADMIN, startApp, TEST_SECRET, type RunningApp } from './app-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type Auth = { token: string } | { cookie: string } | { header: string } | null;

/** Bodies above this (the JSON limit) go through sendReadingEarlyAnswer. */
const LARGE_BODY = 1024 * 1024;
/** How long it waits for an answer to the headers alone, as curl does for `Expect: 100-continue`. */
const EARLY_ANSWER_MS = 1_000;

/**
 * A request that may be answered on its headers alone (a 413 on the declared length, after which
 * the server closes the connection): the headers go first and the body only if no answer came
 * within EARLY_ANSWER_MS. fetch sends the body at once, and then, depending on timing, reports the
 * server's close as "fetch failed" (EPIPE) instead of its answer.
 */
function sendReadingEarlyAnswer(url: string, method: string, headers: Record<string, string>, body: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: responseHeaders }));
        request.destroy();
      });
      res.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.flushHeaders();
    setTimeout(() => {
      if (!answered) request.end(body);
    }, EARLY_ANSWER_MS);
  });
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly auth: Auth = null,
  ) {}

  as(auth: Auth): ApiClient {
    return new ApiClient(this.baseUrl, auth);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.auth && 'token' in this.auth) h.authorization = `Token ${this.auth.token}`;
    if (this.auth && 'header' in this.auth) h.authorization = this.auth.header;
    if (this.auth && 'cookie' in this.auth) h.cookie = this.auth.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const response =
      payload !== undefined && payload.length > LARGE_BODY
        ? await sendReadingEarlyAnswer(`${this.baseUrl}${path}`, method, h, payload)
        : await fetch(`${this.baseUrl}${path}`, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text, tests assert on it
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }
  patch(path: string, body?: unknown) {
    return this.request('PATCH', path, body);
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
}

export async function tokenFor(userId: number, name = 'test'): Promise<string> {
  const created = await createApiToken(db(), userId, { name });
  if (!created.ok) throw new Error('could not create a token');
  return created.value.key;
}

/** A next-auth session cookie for the user, as the sign-in form would set it. */
export async function sessionCookieFor(userId: number): Promise<string> {
  const value = await encode({ token: { sub: String(userId) }, secret: TEST_SECRET });
  return `next-auth.session-token=${value}`;
}

export interface ApiApp {
  app: RunningApp;
  api: ApiClient;
  /** A client authenticated as the first admin (a superuser). */
  admin: ApiClient;
  adminId: number;
  stop: () => Promise<void>;
}

/** Starts the app on this test file's database (the integration project gives each file its own). */
export async function startApiApp(env?: Record<string, string>): Promise<ApiApp> {
  const app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env });
  const [admin] = await db().select().from(users).where(eq(users.username, ADMIN.username));
  const api = new ApiClient(`${app.url}/api/v2`);
  return { app, api, admin: api.as({ token: await tokenFor(admin!.id, 'admin') }), adminId: admin!.id, stop: app.stop };
}
