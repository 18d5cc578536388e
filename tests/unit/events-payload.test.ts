// The tocsin_events payload: notify() writes the event id and its alert count; the sidecar reads
// that, a bare id (as older writers sent), and nothing else.
import { describe, expect, it } from 'vitest';
import { eventsPayload, parseEventsPayload } from '@/lib/core/pg-channels';

describe('the tocsin_events payload', () => {
  it('carries the event id and the alerts it wrote', () => {
    expect(eventsPayload({ eventId: 123, alerts: 100 })).toBe('123:100');
    expect(parseEventsPayload(eventsPayload({ eventId: 123, alerts: 0 }))).toEqual({ eventId: 123, alerts: 0 });
  });

  it('reads a bare event id, its count unknown', () => {
    expect(parseEventsPayload('42')).toEqual({ eventId: 42 });
  });

  it('refuses anything else', () => {
    for (const payload of ['', '0', '-1', 'abc', '12:', ':5', '12:5:6', '1.5', '12 5', '9'.repeat(16)]) {
      expect(parseEventsPayload(payload), payload).toBeNull();
    }
  });
});
