// Every contract of /api/v2: importing this registers them all in the OpenAPI document.
import 'server-only';

export { alertEndpoints } from './alerts';
export { authEndpoints } from './auth';
export { engagementEndpoints } from './engagements';
export { eventEndpoints } from './events';
export { findingEndpoints } from './findings';
export { groupEndpoints, groupMemberEndpoints } from './groups';
export { membershipEndpoints } from './memberships';
export { notificationEndpoints } from './notifications';
export { productTypeEndpoints } from './product-types';
export { productEndpoints } from './products';
export { riskAcceptanceEndpoints } from './risk-acceptances';
export { testEndpoints } from './tests';
export { userEndpoints } from './users';
export { integrationEndpoints } from './integrations';
export { scanEndpoints } from './scans';
export { muteEndpoints } from './mutes';
export { auditEndpoints } from './audit';
