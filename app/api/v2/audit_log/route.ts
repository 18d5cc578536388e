import { auditEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { listAuditLog } from '@/lib/domain/audit-log';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listAuditLog(db, caller, query, page));
