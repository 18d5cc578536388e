import { Badge } from '@/components/ui/badge';
import type { EngagementStatus } from '@/lib/db/schema/enums';

const TONE: Record<EngagementStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  'Not Started': 'neutral',
  'In Progress': 'info',
  'On Hold': 'warn',
  'Waiting for Resource': 'warn',
  Blocked: 'bad',
  Cancelled: 'neutral',
  Completed: 'good',
};

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
