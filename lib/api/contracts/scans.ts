// DefectDojo's import-scan and reimport-scan as multipart/form-data: the form's fields for the
// document, and the answer with `statistics` in DefectDojo's shape.
import 'server-only';
import { z } from 'zod';
import { idempotencyKeySchema } from '../../domain/idempotency';
import { MAX_SCAN_BYTES } from '../../domain/import-scan';
import { SCAN_TYPES } from '../../scans/formats';
import { importStatisticsSchema } from '../../scans/statistics';
import { defineEndpoint } from '../endpoint';
import { named } from '../registry';

const field = (description: string) => z.string().optional().meta({ description });

export const scanForm = named(
  'ScanImportForm',
  z.object({
    scan_type: z.string().meta({ description: `One of: ${SCAN_TYPES.join(', ')}.` }),
    file: z.string().meta({ format: 'binary', description: "The scanner's report, as the tool wrote it." }),
    engagement: field('Engagement id (import; reimport looks its test up there).'),
    test: field('Reimport: the test id.'),
    product_name: field('With engagement_name: where to import, by names.'),
    engagement_name: field('With product_name.'),
    product_type_name: field('With auto_create_context: the product type of a product to create.'),
    auto_create_context: field(
      'true: create the product (type) and engagement that are missing; reimport imports when there is no test yet.',
    ),
    test_title: field("The test's title (default: the scan type); reimport also finds its test by it."),
    scan_date: field('YYYY-MM-DD: the found-on date of new findings (default: today).'),
    minimum_severity: field('Info (default), Low, Medium, High or Critical: findings below it are dropped.'),
    active: field("true or false: overrides the report's own status of new findings."),
    verified: field('true or false (default false).'),
    close_old_findings: field('Close the findings the report no longer has (reimport: default true; import: false).'),
    do_not_reactivate: field('Reimport: leave closed findings closed when the report has them again.'),
    tags: field('Accepted for compatibility; not stored.'),
  }),
);

export const scanImportAnswer = named(
  'ScanImportAnswer',
  z.object({
    test: z.number().int(),
    test_id: z.number().int(),
    engagement_id: z.number().int(),
    product_id: z.number().int(),
    product_type_id: z.number().int(),
    scan_type: z.string(),
    statistics: importStatisticsSchema,
    changes: z
      .record(
        z.string(),
        z.object({
          count: z.number().int(),
          bySeverity: z.record(z.string(), z.number().int()),
          first: z.array(
            z.object({
              id: z.number().int(),
              title: z.string(),
              severity: z.string(),
              location: z.string().nullable(),
              url: z.string(),
            }),
          ),
          ids: z.array(z.number().int()),
        }),
      )
      .meta({
        description:
          "Tocsin's own, beside DefectDojo's keys: per outcome (created, reactivated, closed, untouched) " +
          'the count by severity, the first findings and the ids (none for untouched).',
      }),
  }),
);

export const idempotencyHeaders = z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() });

export const scanEndpoints = {
  reimportScan: defineEndpoint({
    method: 'post',
    path: '/api/v2/reimport-scan',
    tag: 'import',
    summary:
      "Reimport a scanner's report into a test (DefectDojo's reimport-scan): match its findings, " +
      'count created, closed, reactivated and untouched, and notify',
    headers: idempotencyHeaders,
    form: scanForm,
    maxBodyBytes: MAX_SCAN_BYTES,
    response: scanImportAnswer,
    status: 201,
  }),
};
