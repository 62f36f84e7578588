import type { User } from '../../domain/user.ts';
import type { UserDirectory } from '../ports.ts';
import { type KeysetPage, keysetPage, type PageRequest } from '../shared/keyset-page.ts';
import type { UserFilter, UserOrder, UserPosition } from './user-list-query.ts';

export interface ListUsersInput extends PageRequest<UserPosition> {
  filter: UserFilter;
  order: UserOrder;
}

export interface UserPage extends KeysetPage<User> {
  /** How many users match the filter, on every page: also a query of its own, asked for. */
  totalCount: () => Promise<number>;
}

/** A page of users by keyset, in the order asked for. */
export async function listUsers(input: ListUsersInput, deps: { userDirectory: UserDirectory }): Promise<UserPage> {
  const { filter, order } = input;
  const users = deps.userDirectory;
  const page = await keysetPage(input, (range) => users.page({ filter, order, ...range }));
  return { ...page, totalCount: () => users.count(filter) };
}
