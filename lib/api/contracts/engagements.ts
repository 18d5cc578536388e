import 'server-only';
import { z } from 'zod';
import { ENGAGEMENT_STATUSES } from '../../db/schema/enums';
import { engagementCreateSchema, engagementSchema, engagementUpdateSchema } from '../../domain/engagements';
import { defineEndpoint } from '../endpoint';
import { idParams, textId } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const view = named('Engagement', engagementSchema);
const resource = { path: '/api/v2/engagements', tag: 'engagements', noun: 'engagement', view };

export const engagementEndpoints = {
  list: listEndpoint(resource, z.object({ product: textId.optional(), status: z.enum(ENGAGEMENT_STATUSES).optional() })),
  create: createEndpoint(resource, named('EngagementCreate', engagementCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('EngagementUpdate', engagementUpdateSchema)),
  remove: deleteEndpoint(resource),
  close: defineEndpoint({
    method: 'post',
    path: '/api/v2/engagements/{id}/close',
    tag: 'engagements',
    summary: 'Close an engagement (status Completed)',
    params: idParams,
    response: view,
  }),
  reopen: defineEndpoint({
    method: 'post',
    path: '/api/v2/engagements/{id}/reopen',
    tag: 'engagements',
    summary: 'Reopen an engagement (status In Progress)',
    params: idParams,
    response: view,
  }),
};
