// The OpenAPI registry every endpoint registers into when it is defined (lib/api/contracts), and the
// shapes shared by all of them: errors and the ways to authenticate.
import 'server-only';
import { extendZodWithOpenApi, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();

export const validationErrorSchema = registry.register(
  'ValidationError',
  z.object({
    errors: z.record(z.string(), z.array(z.string())).openapi({
      description: 'Messages per field; problems with the whole input are under `non_field_errors`.',
      example: { name: ['This field is required.'] },
    }),
  }),
);

export const errorDetailSchema = registry.register('ErrorDetail', z.object({ detail: z.string().openapi({ example: 'Not found.' }) }));

export const securitySchemes = {
  tokenAuth: registry.registerComponent('securitySchemes', 'tokenAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "An API token as `Token <key>` (DefectDojo's convention) or `Bearer <key>`.",
  }),
  bearerAuth: registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' }),
  cookieAuth: registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'next-auth.session-token',
    description: 'The session of a signed-in browser.',
  }),
};

export const AUTHENTICATED: Record<string, string[]>[] = [{ tokenAuth: [] }, { bearerAuth: [] }, { cookieAuth: [] }];

/**
 * Registers a schema under a component name. Zod 4 gives each schema its methods when it is made,
 * so schemas made before extendZodWithOpenApi ran (the domain's, at import) lack `.openapi`; a copy
 * made now (the way `.openapi` itself copies) has it.
 */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  const Copy = schema.constructor as new (def: T['_zod']['def']) => T;
  return registry.register(name, new Copy(schema._zod.def));
}
