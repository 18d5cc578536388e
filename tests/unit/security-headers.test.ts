// The security headers' policy text: where the bell's socket may connect, and what a page may run.
import { describe, expect, it } from 'vitest';
import { pagePolicy, realtimeSources } from '@/lib/security-headers';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('realtimeSources', () => {
  it('is the page host on REALTIME_PORT over http, https, ws and wss when no public URL is set', () => {
    expect(realtimeSources('tocsin.example:3000', { REALTIME_PORT: '4001' })).toEqual([
      'http://tocsin.example:4001',
      'https://tocsin.example:4001',
      'ws://tocsin.example:4001',
      'wss://tocsin.example:4001',
    ]);
    expect(realtimeSources('[::1]:3000', {})).toContain('ws://[::1]:3001');
  });

  it('is REALTIME_PUBLIC_URL (or NEXT_PUBLIC_REALTIME_URL) and its socket scheme when set', () => {
    expect(realtimeSources('app.example', { REALTIME_PUBLIC_URL: 'https://rt.example/socket' })).toEqual([
      'https://rt.example',
      'wss://rt.example',
    ]);
    expect(realtimeSources('app.example', { NEXT_PUBLIC_REALTIME_URL: 'http://10.0.0.2:9000' })).toEqual([
      'http://10.0.0.2:9000',
      'ws://10.0.0.2:9000',
    ]);
  });

  it('adds nothing for a host header that is not a host name', () => {
    expect(realtimeSources("evil.example; script-src 'unsafe-inline'", {})).toEqual([]);
    expect(realtimeSources('app.example', { REALTIME_PUBLIC_URL: 'not a url' })).toEqual([]);
  });
});

describe('pagePolicy', () => {
  const policy = pagePolicy('abc123', { realtime: ['ws://h:1'], development: false });

  it('runs scripts only with the nonce, and never eval outside development', () => {
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(pagePolicy('n', { realtime: [], development: true })).toContain("'unsafe-eval'");
  });

  it('lets nobody frame the page, and plugins and foreign forms nowhere', () => {
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(policy, 'object-src')).toBe("object-src 'none'");
    expect(directive(policy, 'form-action')).toBe("form-action 'self'");
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' ws://h:1");
  });
});
