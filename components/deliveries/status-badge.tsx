import { Badge } from '@/components/ui/badge';
import type { DeliveryLogRow } from '@/lib/delivery/delivery-log';

// held: waiting for the user's digest; digested: sent as part of one; outbox: kept in the local
// outbox (no Resend key); suppressed: not sent, its user could no longer see it.
const TONE = {
  pending: 'info',
  sending: 'warn',
  sent: 'good',
  dead: 'bad',
  held: 'neutral',
  digested: 'good',
  outbox: 'warn',
  suppressed: 'neutral',
} as const satisfies Record<DeliveryLogRow['status'], string>;

export function DeliveryStatusBadge({ status }: { status: DeliveryLogRow['status'] }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
