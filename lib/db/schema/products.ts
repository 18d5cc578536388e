import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { groups, users } from './users';

export const productTypes = pgTable(
  'product_types',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Not unique: a name is refused only when a product type the caller can see has it (lib/domain/visible-names.ts),
  // so the answer never tells of one the caller cannot see.
  (t) => [index('product_types_name_lower_idx').on(sql`lower(${t.name})`)],
);

export const products = pgTable(
  'products',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    prodTypeId: integer()
      .notNull()
      .references(() => productTypes.id, { onDelete: 'cascade' }),
    /** SLA days per severity for this product; null falls back to the system-wide days. */
    slaCriticalDays: integer(),
    slaHighDays: integer(),
    slaMediumDays: integer(),
    slaLowDays: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Not unique, like product type names: no answer tells of a product the caller cannot see.
  (t) => [index('products_name_lower_idx').on(sql`lower(${t.name})`), index('products_prod_type_idx').on(t.prodTypeId)],
);

export const productTypeMembers = pgTable(
  'product_type_members',
  {
    id: serial().primaryKey(),
    productTypeId: integer()
      .notNull()
      .references(() => productTypes.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
  },
  (t) => [uniqueIndex('product_type_members_uniq').on(t.productTypeId, t.userId), index('product_type_members_user_idx').on(t.userId)],
);

export const productMembers = pgTable(
  'product_members',
  {
    id: serial().primaryKey(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
  },
  (t) => [uniqueIndex('product_members_uniq').on(t.productId, t.userId), index('product_members_user_idx').on(t.userId)],
);

export const productTypeGroups = pgTable(
  'product_type_groups',
  {
    id: serial().primaryKey(),
    productTypeId: integer()
      .notNull()
      .references(() => productTypes.id, { onDelete: 'cascade' }),
    groupId: integer()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
  },
  (t) => [uniqueIndex('product_type_groups_uniq').on(t.productTypeId, t.groupId), index('product_type_groups_group_idx').on(t.groupId)],
);

export const productGroups = pgTable(
  'product_groups',
  {
    id: serial().primaryKey(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    groupId: integer()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
  },
  (t) => [uniqueIndex('product_groups_uniq').on(t.productId, t.groupId), index('product_groups_group_idx').on(t.groupId)],
);
