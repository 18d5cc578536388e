import 'server-only';
import { z } from 'zod';
import { riskAcceptanceCreateSchema, riskAcceptanceSchema, riskAcceptanceUpdateSchema } from '../../domain/risk-acceptances';
import { textId } from '../query';
import { named } from '../registry';
import { createEndpoint, deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const resource = {
  path: '/api/v2/risk_acceptances',
  tag: 'risk_acceptances',
  noun: 'risk acceptance',
  view: named('RiskAcceptance', riskAcceptanceSchema),
};

export const riskAcceptanceEndpoints = {
  list: listEndpoint(resource, z.object({ product: textId.optional() })),
  create: createEndpoint(resource, named('RiskAcceptanceCreate', riskAcceptanceCreateSchema)),
  read: readEndpoint(resource),
  update: updateEndpoint(resource, named('RiskAcceptanceUpdate', riskAcceptanceUpdateSchema)),
  remove: deleteEndpoint(resource),
};
