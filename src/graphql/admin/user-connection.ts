import type { UserPage } from '../../application/admin/list-users.ts';
import { positionOf, type UserOrder } from '../../application/admin/user-list-query.ts';
import type { User } from '../../domain/user.ts';
import { UserType } from '../accounts/user-type.ts';
import { builder } from '../builder.ts';
import { toConnection } from '../shared/paging.ts';
import { userCursor } from './user-cursor.ts';

/** A page as the connection type serves it; the total is counted only when a client asks for it. */
type UserConnectionShape = ReturnType<typeof toConnection<User>> & { totalCount: () => Promise<number> };

export const UserConnection = builder.connectionObject(
  {
    type: UserType,
    name: 'UserConnection',
    description: 'A page of users (Relay cursor connection), by keyset.',
    edgesField: { description: 'The users of the page, in order, each with its cursor.' },
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many users match the filter, on every page; counted only when asked for.',
        resolve: (connection) => (connection as unknown as UserConnectionShape).totalCount(),
      }),
    }),
  },
  { name: 'UserEdge', description: 'A user of the page, with the cursor to page from it.', nodeField: { description: 'The user.' } },
);

/** The page with its cursors in `order`, and the total, counted when asked for. */
export function toUserConnection(page: UserPage, order: UserOrder): UserConnectionShape {
  const cursor = userCursor(order);
  return { ...toConnection(page, (user) => cursor.encode(positionOf(user, order))), totalCount: page.totalCount };
}
