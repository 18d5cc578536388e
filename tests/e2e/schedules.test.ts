// /admin/schedules in the browser: the admin sees each schedule and runs one now; others get 404.
// The profile's digest choice is saved.
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app-server';
import { demoInBrowser } from '../support/demo-browser';

const demo = demoInBrowser();
const { signInAs } = demo;

describe('the schedules page', () => {
  it('the admin reaches it from the admin nav, runs the SLA schedule now and sees what it sent', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${demo.app.url}/admin/users`);
    await page.getByRole('link', { name: 'Schedules', exact: true }).click();
    await page.waitForURL(/\/admin\/schedules$/);
    const table = page.getByRole('table', { name: 'Schedules' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByRole('form', { name: 'Run SLA breaches now' }).getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.getByTestId('run-result').first().textContent()).toMatch(/^Sent \d+ notifications?\./);
  });

  it('a second run the same day says why it sent nothing', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${demo.app.url}/admin/schedules`);
    const form = page.getByRole('form', { name: 'Run SLA breaches now' });
    await form.getByRole('button', { name: 'Run now' }).click();
    await form.getByTestId('run-result').waitFor();
    await page.goto(`${demo.app.url}/admin/schedules`);
    await form.getByRole('button', { name: 'Run now' }).click();
    await expect
      .poll(() => form.getByTestId('run-result').textContent())
      .toMatch(/^Sent 0 notifications\. Nothing new: already sent today \(\d+ notifications? earlier today; each is sent once a day\)\.$/);
  });

  it('anyone else gets 404', async () => {
    const page = await signInAs('olivia');
    expect((await page.goto(`${demo.app.url}/admin/schedules`))?.status()).toBe(404);
  });
});

describe('the profile’s digest choice', () => {
  it('is saved and shown again', async () => {
    const page = await signInAs('bob');
    await page.goto(`${demo.app.url}/profile`);
    await page.getByLabel('Email and Slack messages').selectOption('daily');
    await page.getByRole('button', { name: 'Save digest choice' }).click();
    await expect.poll(() => page.getByText('Digest choice saved.').count()).toBe(1);
    await page.reload();
    expect(await page.getByLabel('Email and Slack messages').inputValue()).toBe('daily');
  });
});
