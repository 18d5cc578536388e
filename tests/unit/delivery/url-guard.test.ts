import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { providerEndpoints } from '@/lib/delivery/provider-config';
import { checkOutgoingUrl, isPublicAddress, publicOnlyLookup, validateOutgoingUrl } from '@/lib/delivery/url-guard';

const strict = { allowPrivate: false };
const lab = { allowPrivate: true };

afterEach(() => vi.restoreAllMocks());

describe('public addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('outgoing URL rules', () => {
  it('requires https', () => {
    expect(validateOutgoingUrl('http://hooks.example.com/x', strict)).toEqual({ ok: false, error: 'the URL must use https' });
    expect(validateOutgoingUrl('https://hooks.example.com/x', strict).ok).toBe(true);
  });

  it('refuses private, loopback, link-local and metadata literals in any spelling', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0x7f.1/',
      'https://[::1]/',
      'https://[fd12::1]/',
      'https://[::ffff:192.168.0.1]/',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.8:8443/',
    ]) {
      expect(validateOutgoingUrl(url, strict), url).toEqual({ ok: false, error: 'the URL points to a private or reserved address' });
    }
  });

  it('refuses credentials in the URL and what is not a URL', () => {
    expect(validateOutgoingUrl('https://user:pw@hooks.example.com/', strict).ok).toBe(false);
    expect(validateOutgoingUrl('not a url', strict).ok).toBe(false);
  });

  it('checks every address a name resolves to', async () => {
    expect(await checkOutgoingUrl('https://localhost/hook', strict)).toEqual({
      ok: false,
      error: 'the URL resolves to a private or reserved address',
    });
    vi.spyOn(dns.promises, 'lookup').mockResolvedValue([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ] as never);
    expect((await checkOutgoingUrl('https://mixed.example.com/', strict)).ok).toBe(false);
  });

  it('accepts a name resolving only to public addresses', async () => {
    vi.spyOn(dns.promises, 'lookup').mockResolvedValue([{ address: '93.184.216.34', family: 4 }] as never);
    expect((await checkOutgoingUrl('https://hooks.example.com/', strict)).ok).toBe(true);
  });

  it('allowPrivate lifts the address rules and accepts plain http', async () => {
    expect((await checkOutgoingUrl('http://127.0.0.1:9999/hook', lab)).ok).toBe(true);
    expect((await checkOutgoingUrl('https://localhost/hook', lab)).ok).toBe(true);
  });
});

describe('connect-time lookup', () => {
  it('refuses a name that resolves to a private address when the socket connects (DNS rebinding)', async () => {
    vi.spyOn(dns.promises, 'lookup').mockResolvedValue([{ address: '169.254.169.254', family: 4 }] as never);
    const error = await new Promise((resolve) => publicOnlyLookup('rebind.example.com', { all: true }, (err) => resolve(err)));
    expect(error).toMatchObject({ name: 'PrivateAddressError' });
  });

  it('hands the socket the checked addresses', async () => {
    vi.spyOn(dns.promises, 'lookup').mockResolvedValue([{ address: '93.184.216.34', family: 4 }] as never);
    const address = await new Promise((resolve) => publicOnlyLookup('ok.example.com', {}, (_err, addr) => resolve(addr)));
    expect(address).toBe('93.184.216.34');
  });
});

describe('provider endpoints', () => {
  it('default to the real providers and refuse private URLs', () => {
    expect(providerEndpoints({})).toEqual({
      resendBaseUrl: 'https://api.resend.com',
      slackApiUrl: 'https://slack.com/api/',
      allowPrivateUrls: false,
    });
  });

  it('read RESEND_BASE_URL, SLACK_API_URL and TOCSIN_ALLOW_PRIVATE_URLS', () => {
    const env = { RESEND_BASE_URL: 'http://127.0.0.1:4010/', SLACK_API_URL: 'http://127.0.0.1:4011/api/', TOCSIN_ALLOW_PRIVATE_URLS: '1' };
    expect(providerEndpoints(env)).toEqual({
      resendBaseUrl: 'http://127.0.0.1:4010',
      slackApiUrl: 'http://127.0.0.1:4011/api/',
      allowPrivateUrls: true,
    });
  });
});
