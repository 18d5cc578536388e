// Reading and writing settings rows in the four scopes (see notificationSettings for the shape).
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { notificationSettings } from '../db/schema';
import { defaultChannels, EVENT_TYPES } from '../core/event-catalog';
import {
  normalizeChannels,
  type ChannelMatrix,
  type FlatSettings,
  type SettingsChanges,
  type SettingsOwner,
  type SeverityFloors,
} from './settings-schema';

type Row = typeof notificationSettings.$inferSelect;
const t = notificationSettings;

function ownerKey(owner: SettingsOwner) {
  return {
    userId: owner.scope === 'personal' || owner.scope === 'product' ? owner.userId : null,
    productId: owner.scope === 'product' ? owner.productId : null,
    template: owner.scope === 'template',
  };
}

function ownerWhere(owner: SettingsOwner): SQL {
  const key = ownerKey(owner);
  return and(
    key.userId === null ? isNull(t.userId) : eq(t.userId, key.userId),
    key.productId === null ? isNull(t.productId) : eq(t.productId, key.productId),
    eq(t.template, key.template),
  )!;
}

/** What a row nobody saved yet means: the catalog defaults system-wide and for the template, else nothing. */
function unsavedMatrix(owner: SettingsOwner): ChannelMatrix {
  const hasDefaults = owner.scope === 'system' || owner.scope === 'template';
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, hasDefaults ? defaultChannels(type) : []])) as ChannelMatrix;
}

function matrixOf(row: Row): ChannelMatrix {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, row[type]])) as ChannelMatrix;
}

function flat(owner: SettingsOwner, row: Row | undefined): FlatSettings {
  const key = ownerKey(owner);
  const matrix = row ? matrixOf(row) : unsavedMatrix(owner);
  const floors = (row?.minimumSeverity ?? {}) as SeverityFloors;
  const settings: FlatSettings = { user: key.userId, product: key.productId, template: key.template, ...matrix, minimum_severity: floors };
  if (owner.scope === 'system') settings.required = (row?.required ?? []) as FlatSettings['required'];
  return settings;
}

async function readRow(db: Executor, owner: SettingsOwner): Promise<Row | undefined> {
  const [row] = await db.select().from(t).where(ownerWhere(owner));
  return row;
}

export async function getSettings(db: Executor, owner: SettingsOwner): Promise<FlatSettings> {
  return flat(owner, await readRow(db, owner));
}

/** Floors as stored: the channels given a severity (nulls remove floors, so they are left out). */
function storedFloors(floors: NonNullable<SettingsChanges['minimum_severity']>): SeverityFloors {
  return Object.fromEntries(Object.entries(floors).filter(([, severity]) => severity)) as SeverityFloors;
}

/**
 * Sets the channels of the given events and keeps the others: one upsert, so two concurrent
 * patches of different events both survive. A first save starts from what the unsaved row meant.
 */
export async function patchSettings(db: Executor, owner: SettingsOwner, changes: SettingsChanges): Promise<FlatSettings> {
  const changed: Partial<ChannelMatrix> & { required?: string[] } = {};
  for (const type of EVENT_TYPES) {
    const channels = changes[type];
    if (channels) changed[type] = normalizeChannels(channels);
  }
  if (changes.required) changed.required = [...new Set(changes.required)];
  const floors = changes.minimum_severity;
  // Floors merge per channel in the upsert itself, so concurrent changes of two channels both survive.
  const floorsSet = floors ? { minimumSeverity: sql`jsonb_strip_nulls(${t.minimumSeverity} || ${JSON.stringify(floors)}::jsonb)` } : {};
  const [row] = await db
    .insert(t)
    .values({ ...ownerKey(owner), ...unsavedMatrix(owner), ...changed, ...(floors ? { minimumSeverity: storedFloors(floors) } : {}) })
    .onConflictDoUpdate({ target: [t.userId, t.productId, t.template], set: { ...changed, ...floorsSet, updatedAt: new Date() } })
    .returning();
  return flat(owner, row);
}

export async function replaceSettings(db: Executor, owner: SettingsOwner, changes: SettingsChanges & ChannelMatrix): Promise<FlatSettings> {
  return patchSettings(db, owner, changes);
}

/** A new user's personal settings start as a copy of the template, floors included (called by createUser). */
export async function copyTemplateToUser(db: Executor, userId: number): Promise<void> {
  const template = await readRow(db, { scope: 'template' });
  await replaceSettings(
    db,
    { scope: 'personal', userId },
    {
      ...(template ? matrixOf(template) : unsavedMatrix({ scope: 'template' })),
      minimum_severity: (template?.minimumSeverity ?? {}) as SeverityFloors,
    },
  );
}
