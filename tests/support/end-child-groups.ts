// Setup file (integration and e2e): when a test file ends, any detached child it started and did
// not stop (a beforeAll that timed out, a throw before the afterAll's stop) is killed with its group.
import { afterAll } from 'vitest';
import { killChildGroups } from './child-groups';

afterAll(killChildGroups);
