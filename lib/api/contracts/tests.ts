import 'server-only';
import { z } from 'zod';
import { testCreateSchema, testSchema, testUpdateSchema } from '../../domain/tests';
import { textId } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const resource = { path: '/api/v2/tests', tag: 'tests', noun: 'test', view: named('Test', testSchema) };

export const testEndpoints = {
  list: listEndpoint(resource, z.object({ engagement: textId.optional(), product: textId.optional() })),
  create: createEndpoint(resource, named('TestCreate', testCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('TestUpdate', testUpdateSchema)),
  remove: deleteEndpoint(resource),
};
