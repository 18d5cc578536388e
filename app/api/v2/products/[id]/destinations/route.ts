import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { patchProductDestinations, readProductDestinations } from '@/lib/integrations/product-destinations';

const endpoints = integrationEndpoints.destinations;

export const GET = handle(endpoints.read, ({ db, caller, params }) => readProductDestinations(db, caller, params.id));
export const PATCH = handle(endpoints.patch, ({ db, caller, params, body }) => patchProductDestinations(db, caller, params.id, body));
