// The audit log for auditors' tools: who changed what, newest first, in DefectDojo's list shape.
import 'server-only';
import { auditEntrySchema, auditFilterSchema } from '../../domain/audit-log';
import { defineEndpoint } from '../endpoint';
import { named } from '../registry';

export const auditEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/v2/audit_log',
    tag: 'audit',
    paginated: true,
    query: auditFilterSchema,
    response: named('AuditLogEntry', auditEntrySchema),
    summary: 'List the audit log entries, newest first, by actor, object, action and date (superusers only)',
  }),
};
