import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { ok } from '@/lib/core/result';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { sendTestAs } from '@/lib/integrations/send-test';

export const POST = handle(integrationEndpoints.systemSettings.test, ({ db, caller, body }) =>
  superuserOnly(caller, async () => ok(await sendTestAs(db, caller.id, body.channel, body.webhook))),
);
