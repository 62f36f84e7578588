import { listUsers } from '../../application/admin/list-users.ts';
import { lookUpUser } from '../../application/admin/look-up-user.ts';
import type { UserOrder } from '../../application/admin/user-list-query.ts';
import { ForbiddenError, NotAuthenticatedError } from '../../domain/errors.ts';
import { UserType } from '../accounts/user-type.ts';
import { admin, builder } from '../builder.ts';
import { conditionsOf, pageRequest, pageSize } from '../shared/paging.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { UserFilterInput, UserOrderEnum } from './admin-inputs.ts';
import { toUserConnection, UserConnection } from './user-connection.ts';
import { userCursor } from './user-cursor.ts';

builder.queryField('users', (t) =>
  t.field({
    type: UserConnection,
    description: 'Every user, a page at a time (Relay cursor connection; `first` pages forward, `last` back). Admins only.',
    authScopes: admin,
    args: {
      first: t.arg.int({ required: false, description: 'Page size going forward: 1 to 100, default 20.', validate: pageSize }),
      after: t.arg.string({ required: false, description: 'The `endCursor` of the page before.' }),
      last: t.arg.int({ required: false, description: 'Page size going back: 1 to 100.', validate: pageSize }),
      before: t.arg.string({ required: false, description: 'The `startCursor` of the page after.' }),
      filter: t.arg({ type: UserFilterInput, required: false, description: 'Which users; all of them if left out.' }),
      orderBy: t.arg({ type: UserOrderEnum, required: false, description: 'Default CREATED_AT_ASC.' }),
    },
    errors: { types: [NotAuthenticatedError, ForbiddenError, ValidationError], union: { description: 'A page of users, or why not.' } },
    resolve: async (_root, args, context) => {
      const order: UserOrder = args.orderBy ?? 'CREATED_AT_ASC';
      const request = { filter: conditionsOf(args.filter), order, ...pageRequest(args, userCursor(order)) };
      return toUserConnection(await listUsers(request, context), order);
    },
  }),
);

builder.queryField('user', (t) =>
  t.field({
    type: UserType,
    nullable: true,
    description: 'One user by id, or null when there is none. Admins only.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true, description: "The user's id." }) },
    errors: { types: [NotAuthenticatedError, ForbiddenError], union: { description: 'The User (null when there is none), or why not.' } },
    resolve: (_root, { id }, context) => lookUpUser(String(id), context),
  }),
);
