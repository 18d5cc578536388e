// An alert as the bell, the alerts page, the sidecar's pushes and `GET /api/v2/alerts` show it: the
// zod schema (the API's contract and docs) and its type, written once. No server imports, so client
// components import the type too.
import { z } from 'zod';
import { EVENT_TYPES } from '../core/event-catalog';
import { NOTIFICATION_REASONS } from '../db/schema/notifications';
import { SEVERITIES } from '../db/schema/enums';

export const alertSchema = z.object({
  id: z.number().int(),
  event: z.string().meta({ description: `The event type: one of ${EVENT_TYPES.join(', ')}.` }),
  title: z.string(),
  description: z.string(),
  url: z.string().nullable(),
  created: z.iso.datetime().meta({ description: "The latest event's time." }),
  read: z.boolean(),
  reason: z.enum(NOTIFICATION_REASONS).meta({
    description:
      'Why you got it: system (sent to all users), personal (your settings), product (your settings for the product), ' +
      'mention, review_request, required (set by administrators).',
  }),
  reason_label: z.string().meta({ description: 'The reason in words, to show after "Because: ", e.g. "your settings for Payments API".' }),
  settings_url: z.string().meta({ description: 'The page of the setting that caused it (a path of this app).' }),
  severity: z.enum(SEVERITIES).nullable().meta({ description: 'The highest severity of its events; null for events without one.' }),
  count: z.number().int().meta({ description: 'How many events this alert stands for (repeated events about one subject are grouped).' }),
  event_ids: z.array(z.number().int()).meta({ description: 'Those events, oldest first.' }),
  product: z
    .object({ id: z.number().int(), name: z.string() })
    .nullable()
    .meta({ description: 'The product the event is about (to mute it); null when none.' }),
  finding: z.number().int().nullable().meta({ description: 'The finding the event is about; null when none.' }),
  archived: z.boolean(),
  snoozed_until: z.iso.datetime().nullable().meta({ description: 'While snoozed: when it comes back to the bell.' }),
});

export type AlertView = z.infer<typeof alertSchema>;
