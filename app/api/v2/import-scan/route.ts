import { eventEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { importScan } from '@/lib/domain/import-scan';

export const POST = handle(endpoints.importScan, ({ db, caller, headers, body }) => importScan(db, caller, body, headers['Idempotency-Key']));
