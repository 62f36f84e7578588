import type { UserPage } from '../../application/admin/list-users.ts';
import { positionOf, type UserOrder } from '../../application/admin/user-list-query.ts';
import { UserType } from '../accounts/user-type.ts';
import { builder } from '../builder.ts';
import { encodeCursor } from './user-cursor.ts';

/** A page as the connection type serves it; the total is counted only when a client asks for it. */
export interface UserConnectionShape {
  edges: { cursor: string; node: UserPage['users'][number] }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

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

/**
 * A boolean computed when GraphQL reads it: graphql-js awaits whatever thenable a field resolves
 * to, so the check behind it runs only if the client selected the field, and once however many
 * aliases select it. Typed as the boolean that Pothos' PageInfo shape wants, which is what the
 * client gets; nothing but GraphQL reads it.
 */
const onDemand = (check: () => Promise<boolean>): boolean => {
  let checked: Promise<boolean> | undefined;
  const thenable: PromiseLike<boolean> = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, so that it runs only when awaited
    then: (resolve, reject) => {
      checked ??= check();
      return checked.then(resolve, reject);
    },
  };
  return thenable as unknown as boolean;
};

export function toConnection(page: UserPage, order: UserOrder): UserConnectionShape {
  const edges = page.users.map((node) => ({ cursor: encodeCursor(order, positionOf(node, order)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: onDemand(page.hasNextPage),
      hasPreviousPage: onDemand(page.hasPreviousPage),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}
