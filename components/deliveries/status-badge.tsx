import { Badge } from '@/components/ui/badge';
import type { DeliveryLogRow } from '@/lib/delivery/delivery-log';

// held: waiting for the user's digest; digested: sent as part of one.
const TONE = {
  pending: 'info', sending: 'warn', sent: 'good', dead: 'bad', held: 'neutral', digested: 'good',
} as const satisfies Record<DeliveryLogRow['status'], string>;

export function DeliveryStatusBadge({ status }: { status: DeliveryLogRow['status'] }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
