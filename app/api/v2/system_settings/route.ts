import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { patchSystemSettings, readSystemSettings } from '@/lib/integrations/system-settings';

const endpoints = integrationEndpoints.systemSettings;

export const GET = handle(endpoints.read, ({ db, caller }) => readSystemSettings(db, caller));
export const PATCH = handle(endpoints.patch, ({ db, caller, body }) => superuserOnly(caller, () => patchSystemSettings(db, caller, body)));
