// The OpenAPI 3.1 document of /api/v2, generated from the registered contracts.
import 'server-only';
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import './contracts';
import { registry } from './registry';

let document: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function openApiDocument() {
  document ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tocsin API',
      version: '2',
      description: 'DefectDojo-style REST API v2. Lists paginate with `?limit=&offset=`; every path is also served with a trailing slash.',
    },
  });
  return document;
}
