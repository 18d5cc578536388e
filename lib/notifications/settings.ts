// Reading and writing settings rows in the four scopes (see notificationSettings for the shape).
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { notificationSettings } from '../db/schema';
import { defaultChannels, EVENT_TYPES } from './catalog';
import { normalizeChannels, type ChannelMatrix, type FlatSettings, type SettingsOwner } from './settings-schema';

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

function flat(owner: SettingsOwner, matrix: ChannelMatrix): FlatSettings {
  const key = ownerKey(owner);
  return { user: key.userId, product: key.productId, template: key.template, ...matrix };
}

async function readMatrix(db: Executor, owner: SettingsOwner): Promise<ChannelMatrix> {
  const [row] = await db.select().from(t).where(ownerWhere(owner));
  return row ? matrixOf(row) : unsavedMatrix(owner);
}

export async function getSettings(db: Executor, owner: SettingsOwner): Promise<FlatSettings> {
  return flat(owner, await readMatrix(db, owner));
}

/**
 * Sets the channels of the given events and keeps the others: one upsert, so two concurrent
 * patches of different events both survive. A first save starts from what the unsaved row meant.
 */
export async function patchSettings(db: Executor, owner: SettingsOwner, changes: Partial<ChannelMatrix>): Promise<FlatSettings> {
  const changed: Partial<ChannelMatrix> = {};
  for (const type of EVENT_TYPES) {
    const channels = changes[type];
    if (channels) changed[type] = normalizeChannels(channels);
  }
  const [row] = await db
    .insert(t)
    .values({ ...ownerKey(owner), ...unsavedMatrix(owner), ...changed })
    .onConflictDoUpdate({ target: [t.userId, t.productId, t.template], set: { ...changed, updatedAt: new Date() } })
    .returning();
  return flat(owner, matrixOf(row!));
}

export async function replaceSettings(db: Executor, owner: SettingsOwner, matrix: ChannelMatrix): Promise<FlatSettings> {
  return patchSettings(db, owner, matrix);
}

/** A new user's personal settings start as a copy of the template (called by createUser). */
export async function copyTemplateToUser(db: Executor, userId: number): Promise<void> {
  await replaceSettings(db, { scope: 'personal', userId }, await readMatrix(db, { scope: 'template' }));
}
