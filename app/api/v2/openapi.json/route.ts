import { authEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { openApiDocument } from '@/lib/api/openapi';
import { ok } from '@/lib/core/result';

export const GET = handle(authEndpoints.openapi, async () => ok(openApiDocument() as unknown as Record<string, unknown>));
