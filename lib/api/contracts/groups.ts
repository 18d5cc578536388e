import 'server-only';
import { z } from 'zod';
import { groupMemberCreateSchema, groupMemberSchema } from '../../domain/group-members';
import { groupCreateSchema, groupSchema, groupUpdateSchema } from '../../domain/groups';
import { textId, textName } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const groups = { path: '/api/v2/groups', tag: 'groups', noun: 'group', view: named('Group', groupSchema) };
const members = { path: '/api/v2/group_members', tag: 'groups', noun: 'group member', view: named('GroupMember', groupMemberSchema) };

export const groupEndpoints = {
  list: listEndpoint(groups, z.object({ name: textName.optional() })),
  create: createEndpoint(groups, named('GroupCreate', groupCreateSchema)),
  read: readEndpoint(groups),
  update: updateEndpoint(groups, named('GroupUpdate', groupUpdateSchema)),
  remove: deleteEndpoint(groups),
};

/** No PATCH: a group membership has nothing to change but its two ends. */
export const groupMemberEndpoints = {
  list: listEndpoint(members, z.object({ group: textId.optional(), user: textId.optional() })),
  create: createEndpoint(members, named('GroupMemberCreate', groupMemberCreateSchema)),
  read: readEndpoint(members),
  remove: deleteEndpoint(members),
};
