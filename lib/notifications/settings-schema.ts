// Validation of settings in DefectDojo's flat shape: {"user": 3, "product": null, "template": false,
// "scan_added": ["alert", "slack"], ...}. PUT takes the whole matrix, PATCH only the events it changes.
import { z } from 'zod';
import { EVENT_TYPES, PERSONAL_CHANNELS, SYSTEM_CHANNELS, type EventType } from './catalog';

export type SettingsScope = 'system' | 'template' | 'personal' | 'product';

/** Whose settings: the system-wide row, the template, a user's own, or a user's for one product. */
export type SettingsOwner =
  | { scope: 'system' }
  | { scope: 'template' }
  | { scope: 'personal'; userId: number }
  | { scope: 'product'; userId: number; productId: number };

export type ChannelMatrix = Record<EventType, string[]>;

export type FlatSettings = { user: number | null; product: number | null; template: boolean } & ChannelMatrix;

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
  return z
    .object({
      // The owner is the URL's business; echoing it back from a GET is accepted and ignored.
      user: z.int().nullable().optional(),
      product: z.int().nullable().optional(),
      template: z.boolean().optional(),
      ...events,
    })
    // A failing catchall (rather than a strict object) names each unknown key as a field error.
    // Its metadata lets the OpenAPI document show it: `not: {}` matches nothing, so no other keys.
    .catchall(z.custom(() => false, { error: 'Unknown event.' }).meta({ type: 'object', not: {}, description: 'Unknown events are refused.' }))
    .transform((body) => {
      const matrix: Partial<ChannelMatrix> = {};
      for (const type of EVENT_TYPES) if (body[type] !== undefined) matrix[type] = body[type] as string[];
      return matrix;
    });
}

const inputSchemas = (scope: SettingsScope) => ({
  replace: matrixSchema(scope, false) as z.ZodType<ChannelMatrix>,
  patch: matrixSchema(scope, true) as z.ZodType<Partial<ChannelMatrix>>,
});

/** Request bodies per scope: `replace` (PUT, every event required) and `patch` (PATCH, any subset). */
export const settingsInputSchemas: Record<SettingsScope, ReturnType<typeof inputSchemas>> = {
  system: inputSchemas('system'),
  template: inputSchemas('template'),
  personal: inputSchemas('personal'),
  product: inputSchemas('product'),
};
