import 'server-only';
import { z } from 'zod';
import { SEVERITIES } from '../../db/schema/enums';
import { findingCreateSchema, findingSchema, findingUpdateSchema } from '../../domain/findings';
import { noteCreateSchema, noteSchema } from '../../domain/notes';
import { reviewRequestCreateSchema, reviewRequestSchema } from '../../domain/review-requests';
import { defineEndpoint } from '../endpoint';
import { idParams, textBoolean, textId } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const resource = { path: '/api/v2/findings', tag: 'findings', noun: 'finding', view: named('Finding', findingSchema) };
const note = named('Note', noteSchema);
const reviewRequest = named('ReviewRequest', reviewRequestSchema);

export const findingEndpoints = {
  list: listEndpoint(
    resource,
    z.object({
      test: textId.optional(),
      engagement: textId.optional(),
      product: textId.optional(),
      severity: z.enum(SEVERITIES).optional(),
      active: textBoolean.optional(),
      verified: textBoolean.optional(),
    }),
  ),
  create: createEndpoint(resource, named('FindingCreate', findingCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('FindingUpdate', findingUpdateSchema)),
  remove: deleteEndpoint(resource),
  listNotes: defineEndpoint({
    method: 'get',
    path: '/api/v2/findings/{id}/notes',
    tag: 'findings',
    summary: 'List the notes on a finding',
    params: idParams,
    response: note,
    paginated: true,
  }),
  addNote: defineEndpoint({
    method: 'post',
    path: '/api/v2/findings/{id}/notes',
    tag: 'findings',
    summary: 'Add a note; `@username` mentions users who can see the finding',
    params: idParams,
    body: named('NoteCreate', noteCreateSchema),
    response: note,
    status: 201,
  }),
  listReviewRequests: defineEndpoint({
    method: 'get',
    path: '/api/v2/findings/{id}/request_review',
    tag: 'findings',
    summary: 'List the review requests of a finding',
    params: idParams,
    response: reviewRequest,
    paginated: true,
  }),
  requestReview: defineEndpoint({
    method: 'post',
    path: '/api/v2/findings/{id}/request_review',
    tag: 'findings',
    summary: 'Request a review of the finding from users who can see it',
    params: idParams,
    body: named('ReviewRequestCreate', reviewRequestCreateSchema),
    response: reviewRequest,
    status: 201,
  }),
};
