import { type FilterQuery, raw } from '@mikro-orm/core';
import type { UserFilter, UserListQuery, UserOrder, UserPosition } from '../../application/admin/user-list-query.ts';
import type { User } from '../../domain/user.ts';

type Where = FilterQuery<User>;

const keyOf = (order: UserOrder) => (order === 'EMAIL_ASC' ? 'email' : 'createdAt');

/** The SQL order of a query: the order key, then the id, both one way. */
export function orderBy(order: UserOrder, reversed: boolean) {
  const descending = (order === 'CREATED_AT_DESC') !== reversed;
  const direction = descending ? 'desc' : 'asc';
  return { [keyOf(order)]: direction, id: direction } as const;
}

/** Suspended now: `until` unset or still to come. */
export function suspendedNow(now: Date): Where {
  return { suspendedAt: { $ne: null }, $or: [{ suspendedUntil: null }, { suspendedUntil: { $gt: now } }] };
}

/** Counts towards "at least one active admin" (see User.isActiveAdmin). */
export function activeAdmin(now: Date): Where {
  return { role: 'ADMIN', active: true, $or: [{ suspendedAt: null }, { suspendedUntil: { $lte: now } }] };
}

/**
 * The filter as conditions. A prefix is a `like` on PostgreSQL (its pattern index) and a range on
 * SQLite (its index orders by bytes: every string that starts with the prefix sorts in it).
 */
export function filterConditions(filter: UserFilter, now: Date, postgres: boolean): Where[] {
  const conditions: Where[] = [];
  if (filter.active !== undefined) conditions.push({ active: filter.active });
  if (filter.role !== undefined) conditions.push({ role: filter.role });
  if (filter.suspended === true) conditions.push(suspendedNow(now));
  if (filter.suspended === false) conditions.push({ $or: [{ suspendedAt: null }, { suspendedUntil: { $lte: now } }] });
  const prefix = filter.emailStartsWith;
  if (prefix) {
    conditions.push(
      postgres ? { email: { $like: `${prefix.replace(/[\\%_]/g, '\\$&')}%` } } : { email: { $gte: prefix, $lt: `${prefix}\u{10ffff}` } },
    );
  }
  return conditions;
}

/** How a position is written in SQL: the columns of the order keys and the id, a date as its column holds it. */
export interface KeysetColumns {
  column(property: 'createdAt' | 'email' | 'id'): string;
  value(key: Date | string): unknown;
}

/**
 * Rows past `position` in the direction `after` (or before it), by (order key, id): one row-value
 * comparison, which both backends run as a range of the key's index. MikroORM passes it through
 * as it is: built of `$or`s, the same condition took it 152-171 µs to build a query against 84-110
 * µs (page 1's: 44-74 µs), and a page deep in the list answered 1.2-1.35 times as slowly as the
 * first although their SQL ran as fast.
 */
export function beyond(position: UserPosition, order: UserOrder, side: 'after' | 'before', inclusive: boolean, sql: KeysetColumns): Where {
  const ascending = order !== 'CREATED_AT_DESC';
  const greater = (side === 'after') === ascending;
  const operator = `${greater ? '>' : '<'}${inclusive ? '=' : ''}`;
  const fragment = raw(
    (alias) => `(${alias}.??, ${alias}.??) ${operator} (?, ?)`,
    [sql.column(keyOf(order)), sql.column('id'), sql.value(position.key), position.id],
  );
  return { [fragment]: [] } as Where;
}

/** Every condition of a list query: filter and both bounds. */
export function listConditions(query: UserListQuery, now: Date, postgres: boolean, sql: KeysetColumns): Where {
  const conditions = filterConditions(query.filter, now, postgres);
  const inclusive = query.inclusive ?? false;
  if (query.after) conditions.push(beyond(query.after, query.order, 'after', inclusive, sql));
  if (query.before) conditions.push(beyond(query.before, query.order, 'before', inclusive, sql));
  // One condition as it is: MikroORM takes 10 µs more to build it inside an `$and`.
  if (conditions.length <= 1) return conditions[0] ?? {};
  return { $and: conditions };
}
