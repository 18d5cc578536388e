import type { ScheduleSettings } from './settings';

/** What every schedule is given: the local day it runs for and the settings of that run. */
export interface ScheduleContext {
  today: string;
  settings: ScheduleSettings;
  /** Aborted when the worker stops: the run stops before its next notice (stopIfAsked, notices.ts). */
  signal?: AbortSignal;
}
