import type { ScheduleSettings } from './settings';

/** What every schedule is given: the local day it runs for and the settings of that run. */
export interface ScheduleContext {
  today: string;
  settings: ScheduleSettings;
}
