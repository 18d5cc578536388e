// The fields of DefectDojo's import-scan and reimport-scan forms (multipart/form-data), by their
// names. Unknown fields (push_to_jira, lead, version, …) are accepted and ignored, as DefectDojo's
// serializer ignores what it does not know.
import { z } from 'zod';
import { SEVERITIES } from '../db/schema/enums';
import { isoDate, MAX_ID } from '../core/validation';

/** DRF's BooleanField words. */
const formBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), 'Use true or false.')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const formId = z
  .string()
  .trim()
  .regex(/^\d+$/, 'Enter an id (a whole number).')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_ID, 'Enter an id (a whole number).');

const name = (max: number) => z.string().trim().min(1, 'This field may not be blank.').max(max, `At most ${max} characters.`);

const severityWord = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const found = SEVERITIES.find((s) => s.toLowerCase() === v.toLowerCase());
    if (!found) ctx.addIssue({ code: 'custom', message: `Use one of ${SEVERITIES.join(', ')}.` });
    return found ?? 'Info';
  });

export const scanFormSchema = z.object({
  scan_type: z.string({ error: 'This field is required.' }).trim().min(1, 'This field is required.').max(100),
  engagement: formId.optional(),
  test: formId.optional(),
  product_name: name(255).optional(),
  engagement_name: name(255).optional(),
  product_type_name: name(255).optional(),
  auto_create_context: formBoolean.optional(),
  test_title: name(255).optional(),
  scan_date: isoDate.optional(),
  minimum_severity: severityWord.optional(),
  active: formBoolean.optional(),
  verified: formBoolean.optional(),
  close_old_findings: formBoolean.optional(),
  do_not_reactivate: formBoolean.optional(),
  tags: z.string().max(1000).optional(),
});
export type ScanForm = z.output<typeof scanFormSchema>;

/** What the import works from: the form's fields and the uploaded report. */
export interface ScanRequest {
  kind: 'import' | 'reimport';
  form: ScanForm;
  file: { name: string; bytes: Buffer };
}
