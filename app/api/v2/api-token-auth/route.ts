import { exchangeCredentialsForKey } from '@/lib/auth/api-tokens';
import { clientAddress } from '@/lib/api/authenticate';
import { authEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';

export const POST = handle(authEndpoints.tokenAuth, ({ db, request, body }) => exchangeCredentialsForKey(db, body, clientAddress(request)));
