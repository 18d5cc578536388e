import { describe, expect, it } from 'vitest';
import { alertsChangedPayload, alertsChangedPayloads, MAX_PAYLOAD_BYTES } from '@/lib/core/pg-channels';
import { sessionTokens } from '@/lib/realtime/session-cookie';

describe('session cookie', () => {
  it('finds the token under either name, the __Secure- one first', () => {
    expect(sessionTokens('a=1; next-auth.session-token=plain')).toEqual(['plain']);
    expect(sessionTokens('next-auth.session-token=plain; __Secure-next-auth.session-token=secure')).toEqual(['secure', 'plain']);
  });

  it('joins chunked cookies in index order', () => {
    expect(sessionTokens('next-auth.session-token.1=bbb; x=y; next-auth.session-token.0=aaa; next-auth.session-token.2=c')).toEqual([
      'aaabbbc',
    ]);
  });

  it('finds nothing without a session cookie, or with only a csrf or callback cookie', () => {
    expect(sessionTokens(undefined)).toEqual([]);
    expect(sessionTokens('next-auth.csrf-token=x; next-auth.callback-url=%2F')).toEqual([]);
    expect(sessionTokens('next-auth.session-token=')).toEqual([]);
  });
});

describe('tocsin_alerts payloads', () => {
  it('sends nothing when nothing changed', () => {
    expect(alertsChangedPayloads(7, {})).toEqual([]);
  });

  it('splits a large change below the NOTIFY limit, keeping every id once, each payload unique', () => {
    const readIds = Array.from({ length: 2500 }, (_, i) => 9_000_000_000 + i);
    const deletedIds = [1, 2, 3];
    const payloads = alertsChangedPayloads(7, { readIds, deletedIds });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) {
      expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
      expect(alertsChangedPayload.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
    }
    expect(payloads.flatMap((p) => p.r)).toEqual(readIds);
    expect(payloads.flatMap((p) => p.d)).toEqual(deletedIds);
    expect(new Set(payloads.map((p) => p.n)).size).toBe(payloads.length);
  });
});
