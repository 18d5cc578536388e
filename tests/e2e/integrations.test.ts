// The Integrations page in a browser: an admin saves the Slack token and from then on sees it only
// masked; a non-admin gets a 404 for the page, and the page's server action refuses them when they
// replay it directly.
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app-server';
import { demoInBrowser } from '../support/demo-browser';

const demo = demoInBrowser();
const { signInAs } = demo;

const TOKEN = 'xoxb-e2e-secret-token-123';

describe('the Integrations page', () => {
  let saveSlack: Request | undefined;

  it('an admin saves the Slack token and sees it masked, never in the page', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${demo.app.url}/admin/integrations`);
    const form = page.getByRole('form', { name: 'Slack' });
    await form.getByLabel('Enable Slack notifications').check();
    await form.getByLabel('Bot token').fill(TOKEN);
    await form.getByLabel('Shared channel').fill('#appsec');
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.headers()['next-action']) saveSlack ??= request;
    });
    await form.getByRole('button', { name: 'Save Slack' }).click();
    await form.getByText('Slack settings saved.').waitFor();

    await page.reload();
    await page.getByTestId('slack_token-status').getByText('••••••• set').waitFor();
    expect(await page.getByRole('form', { name: 'Slack' }).getByLabel('Bot token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    const [row] = await demo.sql`select slack_channel, slack_token_encrypted from system_settings where id = 1`;
    expect(row).toMatchObject({ slack_channel: '#appsec' });
    expect(row!.slack_token_encrypted).not.toContain(TOKEN);
    await page.close();
  });

  it('a non-admin gets 404 for the page, and the action refuses them when called directly', async () => {
    const page = await signInAs('erin');
    const response = await page.goto(`${demo.app.url}/admin/integrations`);
    expect(response?.status()).toBe(404);

    expect(saveSlack).toBeDefined();
    const headers = { ...saveSlack!.headers() };
    delete headers.cookie;
    const replay = await page.request.post(saveSlack!.url(), {
      headers,
      data: saveSlack!.postDataBuffer()!.toString('latin1').replace('#appsec', '#erin'),
    });
    // The action ran and answered "not allowed" (not some unrelated failure of the replay).
    const answer = await replay.text();
    expect(answer).toMatch(/"status":403/);
    expect(answer).not.toContain('"ok":true');
    const [row] = await demo.sql`select slack_channel from system_settings where id = 1`;
    expect(row).toMatchObject({ slack_channel: '#appsec' });
    await page.close();
  });
});
