import type { FilterQuery } from '@mikro-orm/core';
import type { UserFilter, UserListQuery, UserOrder, UserPosition } from '../../application/user-list-query.ts';
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

/** Rows past `position` in the direction `after` (or before it), by (order key, id). */
export function beyond(position: UserPosition, order: UserOrder, side: 'after' | 'before', inclusive: boolean): Where {
  const ascending = order !== 'CREATED_AT_DESC';
  const greater = (side === 'after') === ascending;
  const key = keyOf(order);
  const strict = greater ? '$gt' : '$lt';
  const onTie = inclusive ? (greater ? '$gte' : '$lte') : strict;
  // The bare range on the key (redundant with the `$or`) is what PostgreSQL starts an index scan at;
  // the `$or` alone it only filters by, reading and dropping every row before the position.
  return {
    [key]: { [greater ? '$gte' : '$lte']: position.key },
    $or: [{ [key]: { [strict]: position.key } }, { [key]: position.key, id: { [onTie]: position.id } }],
  } as Where;
}

/** Every condition of a list query: filter and both bounds. */
export function listConditions(query: UserListQuery, now: Date, postgres: boolean): Where {
  const conditions = filterConditions(query.filter, now, postgres);
  const inclusive = query.inclusive ?? false;
  if (query.after) conditions.push(beyond(query.after, query.order, 'after', inclusive));
  if (query.before) conditions.push(beyond(query.before, query.order, 'before', inclusive));
  return conditions.length === 0 ? {} : { $and: conditions };
}
