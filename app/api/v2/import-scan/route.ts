import { eventEndpoints as endpoints } from '@/lib/api/contracts';
import { isMultipart, readFormBody } from '@/lib/api/form-body';
import { handle } from '@/lib/api/handle';
import { importScan, MAX_SCAN_BYTES } from '@/lib/domain/import-scan';
import { importScanReport } from '@/lib/scans/import-scan';

// The content type decides: multipart/form-data is DefectDojo's import-scan (a report file), JSON Tocsin's own scan.
export const POST = handle(endpoints.importScan, async ({ request, db, caller, headers, body }) => {
  if (!isMultipart(request)) return importScan(db, caller, body, headers['Idempotency-Key']);
  const form = await readFormBody(request, MAX_SCAN_BYTES);
  if (!form.ok) return form;
  return importScanReport(db, caller, 'import', form.value, headers['Idempotency-Key']);
});
