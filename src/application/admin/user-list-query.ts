import type { Role } from '../../domain/user.ts';

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
export interface UserListQuery {
  filter: UserFilter;
  order: UserOrder;
  /** Only rows after this position (at it too, when `inclusive`). */
  after?: UserPosition | undefined;
  /** Only rows before this position (at it too, when `inclusive`). */
  before?: UserPosition | undefined;
  inclusive?: boolean;
  /** Take the last `limit` rows of the range rather than the first; they still come in `order`. */
  fromEnd: boolean;
  limit: number;
}

/** The order key of a user in an order: what a cursor carries. */
export function positionOf(user: { id: string; createdAt: Date; email: string }, order: UserOrder): UserPosition {
  return { key: order === 'EMAIL_ASC' ? user.email : user.createdAt, id: user.id };
}
