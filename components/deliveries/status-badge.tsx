import { Badge } from '@/components/ui/badge';
import type { DeliveryLogRow } from '@/lib/delivery/delivery-log';

const TONE = { pending: 'info', sending: 'warn', sent: 'good', dead: 'bad' } as const;

export function DeliveryStatusBadge({ status }: { status: DeliveryLogRow['status'] }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
