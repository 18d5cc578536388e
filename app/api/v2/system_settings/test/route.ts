import { eq } from 'drizzle-orm';
import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { users } from '@/lib/db/schema';
import { ok } from '@/lib/core/result';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { sendTest } from '@/lib/integrations/send-test';

export const POST = handle(integrationEndpoints.systemSettings.test, ({ db, caller, body }) =>
  superuserOnly(caller, async () => {
    const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, caller.id));
    return ok(await sendTest(db, body.channel, { webhook: body.webhook, fallbackMail: me?.email || null }));
  }),
);
