import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../../domain/user.ts';

/**
 * How a User is stored: the only place that names the table and its columns. It maps the plain
 * domain class from outside, so the domain carries no decorators. Changing it needs a migration.
 */
export const UserSchema = defineEntity({
  class: User,
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(100),
    surname: p.string().length(100),
    // Stored normalised (trimmed, lower-cased), so a plain unique index makes it case-insensitive.
    email: p.string().length(254).unique(),
    passwordHash: p.string().length(255),
    active: p.boolean(),
    role: p.string().length(16).default('USER'),
    tokenVersion: p.integer().default(0),
    suspendedAt: p.datetime().nullable(),
    suspendedUntil: p.datetime().nullable(),
    suspensionReason: p.string().length(500).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    // Optimistic locking: an update applies only to the row at the version it was loaded at.
    version: p.integer().version(),
  },
  // Keyset pages in creation order, either way; email order and prefixes use the unique index.
  indexes: [{ name: 'users_created_at_id_index', properties: ['createdAt', 'id'] }],
});
