import 'server-only';
import { z } from 'zod';
import { text } from '../../core/validation';
import { userCreateSchema, userSchema, userUpdateSchema } from '../../domain/users';
import { defineEndpoint } from '../endpoint';
import { textBoolean } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const view = named('User', userSchema);
const resource = { path: '/api/v2/users', tag: 'users', noun: 'user', note: 'superusers only', view };

export const userEndpoints = {
  list: listEndpoint(resource, z.object({ username: text(150).optional(), is_active: textBoolean.optional() })),
  create: createEndpoint(resource, named('UserCreate', userCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('UserUpdate', userUpdateSchema)),
  remove: deleteEndpoint(resource),
  me: defineEndpoint({ method: 'get', path: '/api/v2/users/me', tag: 'users', summary: "The caller's own account", response: view }),
};
