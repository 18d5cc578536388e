// Events and messages for the sender tests, with the user text that must stay inert everywhere.
import type { DeliveryEvent, DeliveryMessage } from '@/lib/delivery/types';

export const HOSTILE_TITLE = 'Q3 <script>alert(1)</script> & <!channel> @channel [click](https://evil.example)';

export function sampleEvent(overrides: Partial<DeliveryEvent> = {}): DeliveryEvent {
  return {
    type: 'engagement_added',
    id: '4217',
    created: '2026-03-02T10:15:00.000Z',
    title: 'Engagement "Q3 pen test" added to Web & API',
    description: 'Scope: login, <b>checkout</b> & payments.\nOwner: @alice',
    url: 'https://tocsin.example/engagements/12',
    product: { id: 3, name: 'Web & API' },
    product_type: { id: 1, name: 'Customer apps' },
    engagement: { id: 12, name: 'Q3 pen test' },
    test: null,
    finding: null,
    ...overrides,
  };
}

let counter = 0;

/** A fresh delivery id (a uuid, as the outbox gives). */
export function deliveryId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export function message<C extends DeliveryMessage['channel']>(
  channel: C,
  destination: DeliveryMessage<C>['destination'],
  event: DeliveryEvent = sampleEvent(),
  id: string = deliveryId(),
): DeliveryMessage<C> {
  return { deliveryId: id, channel, event, destination };
}
