import type { User } from '../../domain/user.ts';
import type { UserDirectory } from '../ports.ts';
import type { UserFilter, UserOrder, UserPosition } from './user-list-query.ts';

export interface ListUsersInput {
  filter: UserFilter;
  order: UserOrder;
  /** Relay's arguments: `first` (with `after`) pages forward, `last` (with `before`) back. */
  first?: number | undefined;
  after?: UserPosition | undefined;
  last?: number | undefined;
  before?: UserPosition | undefined;
}

export interface UserPage {
  users: User[];
  /**
   * Whether rows lie beyond each end of the page. Asked for, not given: the side of the cursor a
   * client came from costs a query of its own, which a client paging on seldom wants.
   */
  hasNextPage: () => Promise<boolean>;
  hasPreviousPage: () => Promise<boolean>;
  /** How many users match the filter, on every page: also a query of its own, asked for. */
  totalCount: () => Promise<number>;
}

const defaultPageSize = 20;

/**
 * A page of users by keyset (never by offset): as fast deep in the table as on its first page.
 * One row more than asked tells whether the next page exists; for the other side, whether any
 * row lies on the far side of the cursor.
 */
export async function listUsers(input: ListUsersInput, deps: { userDirectory: UserDirectory }): Promise<UserPage> {
  const { filter, order, after, before } = input;
  // `last`, or `before` alone, is the page that ends at the cursor.
  const backwards = input.first === undefined && (input.last !== undefined || before !== undefined);
  const size = (backwards ? input.last : input.first) ?? defaultPageSize;
  const users = deps.userDirectory;
  const rows = await users.page({ filter, order, after, before, fromEnd: backwards, limit: size + 1 });
  const more = rows.length > size;
  // Going back, the extra row (if any) is the first one.
  const page = backwards ? rows.slice(-size) : rows.slice(0, size);
  const beyond = (side: 'after' | 'before', position: UserPosition | undefined) => async () =>
    position !== undefined && (await users.page({ filter, order, [side]: position, inclusive: true, fromEnd: false, limit: 1 })).length > 0;
  const known = async () => more;
  return {
    users: page,
    hasNextPage: backwards ? beyond('after', before) : known,
    hasPreviousPage: backwards ? known : beyond('before', after),
    totalCount: () => users.count(filter),
  };
}
