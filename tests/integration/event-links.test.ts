// Event links are paths of this app. One recorded with another site's URL (before the events API
// refused them, or by a bug) is no link at all in any message: never an "Open in Tocsin" button to it.
import { describe, expect, it } from 'vitest';
import { notify } from '@/lib/notifications/notify';
import { configureIntegrations, deliveryOptions, runWorkerUntilSettled, deliveryWorld, subscribedProgram } from '../support/delivery-world';

const fakes = deliveryWorld();

describe('a stored link that is not a path of this app', () => {
  it.each(['https://evil.example/phish', '/\t/evil.example/phish', '//evil.example/phish', 'javascript:alert(1)'])(
    '%j gives no link in email, Slack, Teams or the webhook',
    async (url) => {
      await configureIntegrations(fakes);
      const { engagementId } = await subscribedProgram(1);
      await notify({ type: 'engagement_added', title: 'Linked elsewhere', url, engagement: engagementId });

      expect(await runWorkerUntilSettled(deliveryOptions(fakes))).toMatchObject({ dead: 0 });

      expect(fakes.resend.inbox.length).toBeGreaterThan(0);
      for (const email of fakes.resend.inbox) {
        expect(`${email.html ?? ''}${email.text ?? ''}`).not.toContain('evil.example');
        expect(email.html ?? '').not.toContain('Open in Tocsin');
      }
      expect(fakes.slack.posts.length).toBeGreaterThan(0);
      for (const post of fakes.slack.posts) {
        expect(JSON.stringify(post.args)).not.toContain('evil.example');
        expect(JSON.stringify(post.args)).not.toContain('Open in Tocsin');
      }
      expect(fakes.teams.cards).toHaveLength(1);
      expect(JSON.stringify(fakes.teams.cards[0])).not.toContain('evil.example');
      expect(JSON.stringify(fakes.teams.cards[0])).not.toContain('Open in Tocsin');
      expect(fakes.receiver.valid).toHaveLength(1);
      expect(fakes.receiver.valid[0]!.payload.url).toBeNull();
    },
  );

  it('a path of this app is still an absolute link on the app URL everywhere', async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    await notify({ type: 'engagement_added', title: 'Linked here', url: `/engagements/${engagementId}`, engagement: engagementId });
    await runWorkerUntilSettled(deliveryOptions(fakes));
    const link = `http://tocsin.test/engagements/${engagementId}`;
    expect(fakes.receiver.valid[0]!.payload.url).toBe(link);
    expect(JSON.stringify(fakes.teams.cards[0])).toContain(link);
    expect(fakes.slack.posts.every((p) => JSON.stringify(p.args).includes(link))).toBe(true);
    expect(fakes.resend.inbox.every((e) => (e.html ?? '').includes(link))).toBe(true);
  });
});
