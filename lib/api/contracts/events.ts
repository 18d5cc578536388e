import 'server-only';
import { z } from 'zod';
import { eventPostedSchema, eventPostSchema } from '../../domain/posted-events';
import { idempotencyKeySchema } from '../../domain/idempotency';
import { importScanResultSchema, importScanSchema, MAX_SCAN_BYTES } from '../../domain/import-scan';
import { defineEndpoint } from '../endpoint';
import { named } from '../registry';
import { scanForm, scanImportAnswer } from './scans';

export const eventPost = named('EventPost', eventPostSchema);
const idempotencyHeaders = z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() });

export const eventEndpoints = {
  post: defineEndpoint({
    method: 'post',
    path: '/api/v2/events',
    tag: 'events',
    summary: 'Notify about something (Writer or above on the subject; API Importer for scan events; superusers for no subject)',
    headers: idempotencyHeaders,
    body: eventPost,
    response: named('EventPosted', eventPostedSchema),
    status: 202,
  }),
  importScan: defineEndpoint({
    method: 'post',
    path: '/api/v2/import-scan',
    tag: 'import',
    summary:
      "Import a scanner's report (multipart/form-data, DefectDojo's import-scan) into a new test; or, as JSON, " +
      "Tocsin's own scan into a test, matching its findings by title and severity; and notify",
    headers: idempotencyHeaders,
    body: named('ImportScan', importScanSchema),
    form: scanForm,
    maxBodyBytes: MAX_SCAN_BYTES,
    // The multipart answer first: the JSON one lacks its required keys, so each answer matches its own.
    response: z.union([scanImportAnswer, named('ImportScanResult', importScanResultSchema)]),
    status: 201,
  }),
};
