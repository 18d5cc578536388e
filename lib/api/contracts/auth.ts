import 'server-only';
import { z } from 'zod';
import { credentialsSchema } from '../../auth/api-tokens';
import { defineEndpoint } from '../endpoint';
import { named } from '../registry';

export const authEndpoints = {
  tokenAuth: defineEndpoint({
    method: 'post',
    path: '/api/v2/api-token-auth',
    tag: 'auth',
    public: true,
    summary: 'Exchange a username and password for a new API token (rate-limited like sign-in)',
    body: named('TokenCredentials', credentialsSchema),
    response: named('TokenAuthResponse', z.object({ token: z.string().meta({ description: 'Send as `Authorization: Token <token>`.' }) })),
  }),
  openapi: defineEndpoint({
    method: 'get',
    path: '/api/v2/openapi.json',
    tag: 'schema',
    public: true,
    summary: 'This document',
    response: z.record(z.string(), z.unknown()),
  }),
};
