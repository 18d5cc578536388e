/** next-auth's id of the single sign-on provider (its callback is /api/auth/callback/oidc). */
export const OIDC_PROVIDER_ID = 'oidc';
