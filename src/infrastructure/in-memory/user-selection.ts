import { positionOf, type UserFilter, type UserListQuery, type UserPosition } from '../../application/admin/user-list-query.ts';
import type { User } from '../../domain/user.ts';

/** The in-memory twin of the SQL conditions (src/infrastructure/mikro-orm/user-conditions.ts). */
export function matches(user: User, filter: UserFilter, now: Date): boolean {
  return (
    (filter.active === undefined || user.active === filter.active) &&
    (filter.role === undefined || user.role === filter.role) &&
    (filter.suspended === undefined || user.isSuspended(now) === filter.suspended) &&
    (!filter.emailStartsWith || user.email.startsWith(filter.emailStartsWith))
  );
}

/** Negative when `a` comes first in the query's order (by order key, then id). */
function compare(a: UserPosition, b: UserPosition, descending: boolean): number {
  const key = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  const byKey = key !== 0 ? key : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return descending ? -byKey : byKey;
}

/** The rows a list query selects, in its order, from all of them. */
export function select(users: User[], query: UserListQuery, now: Date): User[] {
  const descending = query.order === 'CREATED_AT_DESC';
  const at = (user: User) => positionOf(user, query.order);
  const inBounds = (user: User) => {
    const after = query.after ? compare(at(user), query.after, descending) : 1;
    const before = query.before ? compare(at(user), query.before, descending) : -1;
    return query.inclusive ? after >= 0 && before <= 0 : after > 0 && before < 0;
  };
  const sorted = users.filter((user) => matches(user, query.filter, now) && inBounds(user));
  sorted.sort((a, b) => compare(at(a), at(b), descending));
  return query.fromEnd ? sorted.slice(Math.max(0, sorted.length - query.limit)) : sorted.slice(0, query.limit);
}
