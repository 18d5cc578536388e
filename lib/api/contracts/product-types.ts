import 'server-only';
import { z } from 'zod';
import { productTypeCreateSchema, productTypeSchema, productTypeUpdateSchema } from '../../domain/product-types';
import { textName } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const resource = {
  path: '/api/v2/product_types',
  tag: 'product_types',
  noun: 'product type',
  view: named('ProductType', productTypeSchema),
};

export const productTypeEndpoints = {
  list: listEndpoint(resource, z.object({ name: textName.optional() })),
  create: createEndpoint(resource, named('ProductTypeCreate', productTypeCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('ProductTypeUpdate', productTypeUpdateSchema)),
  remove: deleteEndpoint(resource),
};
