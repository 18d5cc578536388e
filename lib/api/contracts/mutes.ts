import 'server-only';
import { z } from 'zod';
import { muteInputSchema, muteSchema } from '../../domain/mutes';
import { defineEndpoint } from '../endpoint';
import { idParams } from '../query';
import { named } from '../registry';

const mute = named('Mute', muteSchema);
const base = { tag: 'notifications' } as const;

export const muteEndpoints = {
  list: defineEndpoint({
    ...base,
    method: 'get',
    path: '/api/v2/mutes',
    summary: 'Your mutes still running',
    response: named('MuteList', z.object({ count: z.number().int(), results: z.array(mute) })),
  }),
  create: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/mutes',
    status: 201,
    summary:
      'Mute a product or a finding you can see, optionally until a time: nothing reaches you about it on any ' +
      'personal channel but mentions, review requests and required events. Muting it again replaces the end',
    body: named('MuteCreate', muteInputSchema),
    response: mute,
  }),
  remove: defineEndpoint({
    ...base,
    method: 'delete',
    path: '/api/v2/mutes/{id}',
    params: idParams,
    summary: 'Unmute (one of your mutes)',
  }),
};
