import 'server-only';
import { z } from 'zod';
import { productCreateSchema, productSchema, productUpdateSchema } from '../../domain/products';
import { textId, textName } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const resource = { path: '/api/v2/products', tag: 'products', noun: 'product', view: named('Product', productSchema) };

export const productEndpoints = {
  list: listEndpoint(
    resource,
    z.object({
      prod_type: textId.optional(),
      name: textName.optional(),
    }),
  ),
  create: createEndpoint(resource, named('ProductCreate', productCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('ProductUpdate', productUpdateSchema)),
  remove: deleteEndpoint(resource),
};
