// Validation of settings in DefectDojo's flat shape: {"user": 3, "product": null, "template": false,
// "scan_added": ["alert", "slack"], ...}. PUT takes the whole matrix, PATCH only the events it changes.
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import { EVENT_TYPES, PERSONAL_CHANNELS, SYSTEM_CHANNELS, type EventType, type SystemChannel } from '../core/event-catalog';

export type SettingsScope = 'system' | 'template' | 'personal' | 'product';

/** Whose settings: the system-wide row, the template, a user's own, or a user's for one product. */
export type SettingsOwner =
  | { scope: 'system' }
  | { scope: 'template' }
  | { scope: 'personal'; userId: number }
  | { scope: 'product'; userId: number; productId: number };

export type ChannelMatrix = Record<EventType, string[]>;

/** Per channel, the least severity it is used for (DESIGN §4b.1); a channel left out has no floor. */
export type SeverityFloors = Partial<Record<SystemChannel, Severity>>;

/**
 * A change of a settings row: the events given, and optionally floors (a channel set to null
 * loses its floor, channels left out keep theirs) and, system-wide only, the required events.
 */
export type SettingsChanges = Partial<ChannelMatrix> & {
  minimum_severity?: Partial<Record<SystemChannel, Severity | null>>;
  required?: EventType[];
};

export type FlatSettings = { user: number | null; product: number | null; template: boolean } & ChannelMatrix & {
    minimum_severity: SeverityFloors;
    /** System-wide row only. */
    required?: EventType[];
  };

function channelsOf(scope: SettingsScope): readonly string[] {
  return scope === 'system' ? SYSTEM_CHANNELS : PERSONAL_CHANNELS;
}

/** A set of channels as stored: catalog order, no duplicates. */
export function normalizeChannels(channels: readonly string[]): string[] {
  return [...new Set(channels)].sort((a, b) => rank(a) - rank(b));
}
const rank = (channel: string) => (SYSTEM_CHANNELS as readonly string[]).indexOf(channel);

function matrixSchema(scope: SettingsScope, partial: boolean) {
  const allowed = channelsOf(scope) as [string, ...string[]];
  const channels = z
    .array(z.enum(allowed, { error: `Unknown channel: expected one of ${allowed.join(', ')}.` }))
    .transform(normalizeChannels);
  const events = Object.fromEntries(EVENT_TYPES.map((type) => [type, partial ? channels.optional() : channels]));
  const severity = z.enum(SEVERITIES, { error: `Unknown severity: expected one of ${SEVERITIES.join(', ')}.` });
  const floors = z
    .object(Object.fromEntries(allowed.map((channel) => [channel, severity.nullable().optional()])))
    .catchall(
      z
        .custom(() => false, { error: `Floors are set per channel: ${allowed.join(', ')}.` })
        .meta({ type: 'string', not: {}, description: 'Unknown channels are refused.' }),
    )
    .optional()
    .meta({ description: 'Per channel, the least severity it is used for, e.g. {"mail": "High"}; null removes a floor.' });
  const required =
    scope === 'system'
      ? z
          .array(z.enum(EVENT_TYPES, 'Unknown event.'))
          .transform((types) => [...new Set(types)])
          .optional()
          .meta({ description: "Events whose system-wide channels reach every user who can see the subject, whatever users' settings." })
      : z
          .custom(() => false, { error: 'Only the system-wide settings mark events as required.' })
          .meta({ type: 'array', not: {}, description: 'System-wide settings only.' })
          .optional();
  return (
    z
      .object({
        // The owner is the URL's business; echoing it back from a GET is accepted and ignored.
        user: z.int().nullable().optional(),
        product: z.int().nullable().optional(),
        template: z.boolean().optional(),
        ...events,
        minimum_severity: floors,
        required,
      })
      // A failing catchall (rather than a strict object) names each unknown key as a field error.
      // Its metadata lets the OpenAPI document show it: `not: {}` matches nothing, so no other keys.
      .catchall(
        z.custom(() => false, { error: 'Unknown event.' }).meta({ type: 'object', not: {}, description: 'Unknown events are refused.' }),
      )
      .transform((body) => {
        const changes: SettingsChanges = {};
        for (const type of EVENT_TYPES) if (body[type] !== undefined) changes[type] = body[type] as string[];
        if (body.minimum_severity) changes.minimum_severity = body.minimum_severity as SettingsChanges['minimum_severity'];
        if (body.required) changes.required = body.required as EventType[];
        return changes;
      })
  );
}

const inputSchemas = (scope: SettingsScope) => ({
  replace: matrixSchema(scope, false) as z.ZodType<SettingsChanges & ChannelMatrix>,
  patch: matrixSchema(scope, true) as z.ZodType<SettingsChanges>,
});

/** Request bodies per scope: `replace` (PUT, every event required) and `patch` (PATCH, any subset). */
export const settingsInputSchemas: Record<SettingsScope, ReturnType<typeof inputSchemas>> = {
  system: inputSchemas('system'),
  template: inputSchemas('template'),
  personal: inputSchemas('personal'),
  product: inputSchemas('product'),
};
