import 'server-only';
import { z } from 'zod';
import { MEMBERSHIP_KINDS, membershipSchemas, type MembershipKind } from '../../domain/memberships';
import { textId } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const NAMES: Record<MembershipKind, [schema: string, noun: string]> = {
  product_type_members: ['ProductTypeMember', 'product type member'],
  product_members: ['ProductMember', 'product member'],
  product_type_groups: ['ProductTypeGroup', 'product type group'],
  product_groups: ['ProductGroup', 'product group'],
};

function endpointsFor(kind: MembershipKind) {
  const { parent, principal } = MEMBERSHIP_KINDS[kind];
  const [name, noun] = NAMES[kind];
  const schemas = membershipSchemas(kind);
  const resource = { path: `/api/v2/${kind}`, tag: 'memberships', noun, view: named(name, schemas.view) };
  return {
    list: listEndpoint(resource, z.object({ [parent]: textId.optional(), [principal]: textId.optional() })),
    create: createEndpoint(resource, named(`${name}Create`, schemas.create)),
    read: readEndpoint(resource),
    update: updateEndpoint(resource, named(`${name}Update`, schemas.update)),
    remove: deleteEndpoint(resource),
  };
}

export const membershipEndpoints: Record<MembershipKind, ReturnType<typeof endpointsFor>> = {
  product_type_members: endpointsFor('product_type_members'),
  product_members: endpointsFor('product_members'),
  product_type_groups: endpointsFor('product_type_groups'),
  product_groups: endpointsFor('product_groups'),
};
