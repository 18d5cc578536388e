// The event catalog is DefectDojo's, by name, and every event has its message in the one table.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, EVENTS, PERSONAL_CHANNELS, SYSTEM_CHANNELS } from '@/lib/core/event-catalog';
import { describeEvent } from '@/lib/notifications/messages';

describe('the event catalog', () => {
  it('holds the 18 events of DESIGN §3 by their exact names', () => {
    expect([...EVENT_TYPES].sort()).toEqual([
      'auto_close_engagement',
      'close_engagement',
      'code_review',
      'engagement_added',
      'jira_update',
      'other',
      'product_added',
      'product_type_added',
      'review_requested',
      'risk_acceptance_expiration',
      'scan_added',
      'scan_added_empty',
      'sla_breach',
      'sla_breach_combined',
      'stale_engagement',
      'test_added',
      'upcoming_engagement',
      'user_mentioned',
    ]);
  });

  it('sends mentions, code reviews and review requests to explicit recipients only', () => {
    expect(EVENT_TYPES.filter((t) => EVENTS[t].explicitRecipients).sort()).toEqual(['code_review', 'review_requested', 'user_mentioned']);
    expect(EVENT_TYPES.filter((t) => EVENTS[t].skipsActor)).toEqual(['user_mentioned']);
  });

  it('offers Teams and webhooks system-wide only', () => {
    expect(SYSTEM_CHANNELS).toEqual(['alert', 'mail', 'slack', 'msteams', 'webhooks']);
    expect(PERSONAL_CHANNELS).toEqual(['alert', 'mail', 'slack']);
  });
});

describe('event messages', () => {
  const product = { id: 7, name: 'Payments API' };
  const finding = { id: 42, name: 'SQL injection in /refunds' };

  it('builds title, description, link and subject from the facts', () => {
    expect(describeEvent('scan_added', { test: { id: 3, name: 'ZAP baseline' }, product, created: 1, reactivated: 2, closed: 0 })).toEqual({
      type: 'scan_added',
      title: 'Scan imported into ZAP baseline',
      description: '1 new finding, 2 reactivated, 0 closed, on Payments API.',
      url: '/tests/3',
      test: 3,
      severity: null,
    });
    expect(describeEvent('user_mentioned', { finding, author: 'alice', note: 'x'.repeat(500) })).toMatchObject({
      title: 'alice mentioned you on SQL injection in /refunds',
      url: '/findings/42',
      finding: 42,
    });
    expect(
      describeEvent('sla_breach', { finding: { ...finding, severity: 'High' }, product, dueOn: '2026-03-01', daysLeft: -2 }).title,
    ).toBe('SLA breached: SQL injection in /refunds');
  });

  it('passes through what tools post for jira_update and other', () => {
    expect(describeEvent('other', { title: 'Deploy finished', url: 'https://ci.example/1' })).toEqual({
      type: 'other',
      title: 'Deploy finished',
      url: 'https://ci.example/1',
    });
  });
});
