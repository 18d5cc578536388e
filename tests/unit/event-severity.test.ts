// The severity emitters give their events (DESIGN §4b.1): computed from the findings the event is about.
import { describe, expect, it } from 'vitest';
import { describeEvent, highestSeverity } from '@/lib/notifications/messages';

const product = { id: 1, name: 'Payments API' };
const test = { id: 2, name: 'ZAP' };

describe('event severity', () => {
  it('the highest of the severities given; none for none', () => {
    expect(highestSeverity(['Low', 'Critical', 'Medium'])).toBe('Critical');
    expect(highestSeverity(['Info', 'Low'])).toBe('Low');
    expect(highestSeverity([])).toBeNull();
    expect(highestSeverity([null, 'Bogus'])).toBeNull();
  });

  it('scan_added: the highest among the created or reactivated findings, as the import computed it', () => {
    expect(describeEvent('scan_added', { test, product, created: 2, reactivated: 0, closed: 0, highest: 'High' }).severity).toBe('High');
    expect(describeEvent('scan_added', { test, product, created: 0, reactivated: 0, closed: 3, highest: null }).severity).toBeNull();
  });

  it("sla_breach: the finding's; sla_breach_combined: the highest among its findings", () => {
    const finding = { id: 3, name: 'XSS', severity: 'Medium' };
    expect(describeEvent('sla_breach', { finding, product, dueOn: '2026-01-01', daysLeft: 1 }).severity).toBe('Medium');
    const findings = [
      { id: 3, title: 'XSS', severity: 'Medium', dueOn: '2026-01-01', daysLeft: 1 },
      { id: 4, title: 'SQLi', severity: 'Critical', dueOn: '2026-01-01', daysLeft: -1 },
    ];
    expect(describeEvent('sla_breach_combined', { product, findings }).severity).toBe('Critical');
  });

  it("user_mentioned and review_requested: the finding's; events about no finding have none", () => {
    const finding = { id: 3, name: 'XSS', severity: 'High' };
    expect(describeEvent('user_mentioned', { finding, author: 'ann', note: 'hi' }).severity).toBe('High');
    expect(describeEvent('review_requested', { finding, requester: 'ann' }).severity).toBe('High');
    expect(describeEvent('product_added', { product, productType: { id: 1, name: 'Web' } }).severity).toBeUndefined();
  });
});
