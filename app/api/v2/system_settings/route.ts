import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { ok } from '@/lib/domain/result';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { patchSystemSettings, readSystemSettings } from '@/lib/integrations/system-settings';

const endpoints = integrationEndpoints.systemSettings;

export const GET = handle(endpoints.read, ({ db, caller }) => superuserOnly(caller, async () => ok(await readSystemSettings(db))));
export const PATCH = handle(endpoints.patch, ({ db, caller, body }) => superuserOnly(caller, () => patchSystemSettings(db, body)));
