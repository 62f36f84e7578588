import type { Role } from '../../domain/user.ts';
import type { KeysetRange } from '../shared/keyset-page.ts';

export type UserOrder = 'CREATED_AT_ASC' | 'CREATED_AT_DESC' | 'EMAIL_ASC';

export interface UserFilter {
  active?: boolean | undefined;
  /** Suspended now (a suspension whose `until` has passed no longer counts). */
  suspended?: boolean | undefined;
  role?: Role | undefined;
  /** Matched against the normalised email: callers normalise it first. */
  emailStartsWith?: string | undefined;
}

/** A row's place in an order: its order key (`createdAt` or `email`) and, to break ties, its id. */
export interface UserPosition {
  key: Date | string;
  id: string;
}

/** A slice of the users matching `filter`, in `order`, by keyset: never by offset. */
export interface UserListQuery extends KeysetRange<UserPosition> {
  filter: UserFilter;
  order: UserOrder;
}

/** The order key of a user in an order: what a cursor carries. */
export function positionOf(user: { id: string; createdAt: Date; email: string }, order: UserOrder): UserPosition {
  return { key: order === 'EMAIL_ASC' ? user.email : user.createdAt, id: user.id };
}
