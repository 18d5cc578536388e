import { scanEndpoints as endpoints } from '@/lib/api/contracts';
import { readFormBody } from '@/lib/api/form-body';
import { handle } from '@/lib/api/handle';
import { MAX_SCAN_BYTES } from '@/lib/domain/import-scan';
import { importScanReport } from '@/lib/scans/import-scan';

export const POST = handle(endpoints.reimportScan, async ({ request, db, caller, headers }) => {
  const form = await readFormBody(request, MAX_SCAN_BYTES);
  if (!form.ok) return form;
  return importScanReport(db, caller, 'reimport', form.value, headers['Idempotency-Key']);
});
