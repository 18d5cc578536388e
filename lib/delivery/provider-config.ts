// Where the providers are and whether private URLs are allowed: the only environment the senders
// depend on, read here once and passed to them (tests and development point them at the fakes).
import { z } from 'zod';

export interface ProviderEndpoints {
  resendBaseUrl: string;
  slackApiUrl: string;
  /** TOCSIN_ALLOW_PRIVATE_URLS=1: Teams and webhook URLs may be private and plain http. */
  allowPrivateUrls: boolean;
}

const schema = z.object({
  RESEND_BASE_URL: z.url().default('https://api.resend.com'),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  TOCSIN_ALLOW_PRIVATE_URLS: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

export function providerEndpoints(env: Record<string, string | undefined> = process.env): ProviderEndpoints {
  const blankAsUnset = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key]?.trim() || undefined]));
  const parsed = schema.parse(blankAsUnset);
  return {
    resendBaseUrl: parsed.RESEND_BASE_URL.replace(/\/+$/, ''),
    slackApiUrl: parsed.SLACK_API_URL,
    allowPrivateUrls: parsed.TOCSIN_ALLOW_PRIVATE_URLS,
  };
}
