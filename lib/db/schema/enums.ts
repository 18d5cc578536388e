import { pgEnum } from 'drizzle-orm/pg-core';

/** DefectDojo's roles, for global roles and for memberships in product types and products. */
export const ROLES = ['Reader', 'API Importer', 'Writer', 'Maintainer', 'Owner'] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum('role', ROLES);

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityEnum = pgEnum('severity', SEVERITIES);

export const ENGAGEMENT_STATUSES = [
  'Not Started',
  'In Progress',
  'On Hold',
  'Waiting for Resource',
  'Blocked',
  'Cancelled',
  'Completed',
] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
export const engagementStatusEnum = pgEnum('engagement_status', ENGAGEMENT_STATUSES);

/** Statuses in which an engagement no longer counts as open. */
export const CLOSED_ENGAGEMENT_STATUSES: readonly EngagementStatus[] = ['Completed', 'Cancelled'];
