// A scan import's notification, end to end through the worker: the bell's text, and Slack, Teams,
// mail and the webhook each saying what changed, with the statistics and the finding ids.
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts, notificationEvents } from '@/lib/db/schema';
import { importScanReport } from '@/lib/scans/import-scan';
import { configureIntegrations, deliveryOptions, runWorkerUntilSettled, deliveryWorld, subscribedProgram } from '../support/delivery-world';
import { makeUser } from '../support/fixtures';

const fakes = deliveryWorld();

const codeql = readFileSync('tests/fixtures/scans/codeql.sarif');

describe('scan_added through every channel', () => {
  it('the bell, Slack, Teams, mail and the webhook say what changed, with links, statistics and ids', async () => {
    await configureIntegrations(fakes, ['scan_added']);
    const { engagementId, users } = await subscribedProgram(1, 'scan_added');
    const admin = await makeUser({ username: 'scan-admin', isSuperuser: true });
    const result = await importScanReport(db(), admin, 'import', {
      fields: { scan_type: 'SARIF', engagement: String(engagementId) },
      file: { name: 'codeql.sarif', bytes: codeql },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.severity).toBe('High');
    const [event] = await db().select().from(notificationEvents).where(eq(notificationEvents.type, 'scan_added'));
    const [alert] = await db().select().from(alerts).where(eq(alerts.userId, users[0]!.id));
    expect(alert!.description).toBe(event!.description);
    expect(alert!.description).toMatch(/^New: 3 \(1 High, 1 Medium, 1 Info\) · Reactivated: 0 · Closed: 0 · Untouched: 0\n/);

    const settled = await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(settled.dead).toBe(0);
    const ids = result.value.changes.created.ids;
    expect(ids).toHaveLength(3);
    const hook = fakes.receiver.valid.find((v) => v.payload.event === 'scan_added')!;
    expect(hook.payload).toMatchObject({
      statistics: { after: { high: { active: 1, total: 1 }, total: { total: 3 } } },
      finding_ids: { created: ids, reactivated: [], closed: [] },
    });
    const slackText = JSON.stringify(fakes.slack.posts.map((p) => p.args.blocks));
    expect(slackText).toContain(
      `<http://tocsin.test/findings/${ids[0]}|High: This query depends on a user-provided value. — src/routes/search.js:42>`,
    );
    expect(JSON.stringify(fakes.teams.cards)).toContain(`(http://tocsin.test/findings/${ids[0]})`);
    const mail = fakes.resend.inbox.find((m) => m.to.includes(users[0]!.email))!;
    expect(mail.html).toContain(`href="http://tocsin.test/findings/${ids[0]}"`);
  });
});

describe('a finding the tool recognizes by its own id', () => {
  it('keeps its row on reimport and takes the new severity, with the SLA due date from the day it was found', async () => {
    const admin = await makeUser({ username: 'uid-admin', isSuperuser: true });
    const { engagementId } = await subscribedProgram(0);
    const log = (level: string) => ({
      name: 'r.sarif',
      bytes: Buffer.from(
        JSON.stringify({
          version: '2.1.0',
          runs: [
            {
              tool: { driver: { name: 'x' } },
              results: [{ ruleId: 'r1', level, message: { text: 'Weak hash' }, fingerprints: { v1: 'abc' } }],
            },
          ],
        }),
      ),
    });
    const first = await importScanReport(db(), admin, 'import', {
      fields: { scan_type: 'SARIF', engagement: String(engagementId), scan_date: '2026-01-01' },
      file: log('note'),
    });
    if (!first.ok) throw new Error(JSON.stringify(first));
    const again = await importScanReport(db(), admin, 'reimport', {
      fields: { scan_type: 'SARIF', test: String(first.value.test) },
      file: log('error'),
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(again.value.changes.untouched.count).toBe(1);
    expect(again.value.changes.created.count).toBe(0);
    const rows = await db().execute<{ severity: string; sla: string; id: number }>(sql`
      select id, severity::text, sla_expiration_date::text as sla from findings where test_id = ${first.value.test}`);
    expect(rows).toEqual([{ id: first.value.changes.created.ids[0], severity: 'High', sla: '2026-01-31' }]);
  });
});

describe('a report of 10,000 findings', () => {
  it('imports and reimports set-based, in seconds', async () => {
    const admin = await makeUser({ username: 'bulk-admin', isSuperuser: true });
    const { engagementId } = await subscribedProgram(0);
    const results = Array.from({ length: 10_000 }, (_, i) => ({
      ruleId: `r${i % 30}`,
      level: i % 9 === 0 ? 'error' : 'warning',
      message: { text: `Finding ${i}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `src/f${i}.ts` }, region: { startLine: i + 1 } } }],
    }));
    const bytes = Buffer.from(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results }] }));
    const upload = (fields: Record<string, string>) => ({
      fields: { scan_type: 'SARIF', ...fields },
      file: { name: 'big.sarif', bytes },
    });
    let started = performance.now();
    const first = await importScanReport(db(), admin, 'import', upload({ engagement: String(engagementId) }));
    const importMs = performance.now() - started;
    expect(first.ok && first.value.statistics.after.total.total).toBe(10_000);
    started = performance.now();
    const again = await importScanReport(db(), admin, 'reimport', upload({ test: String(first.ok ? first.value.test : 0) }));
    const reimportMs = performance.now() - started;
    expect(again.ok && again.value.statistics.delta!.untouched.total.total).toBe(10_000);
    console.log(`[scans] 10,000 findings in the engine: import ${Math.round(importMs)} ms, reimport ${Math.round(reimportMs)} ms`);
    expect(importMs).toBeLessThan(15_000);
    expect(reimportMs).toBeLessThan(15_000);
  });
});
