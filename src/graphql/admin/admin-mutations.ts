import { deleteUser } from '../../application/admin/delete-user.ts';
import { reinstateUser } from '../../application/admin/reinstate-user.ts';
import { setUserRole } from '../../application/admin/set-user-role.ts';
import { suspendUser } from '../../application/admin/suspend-user.ts';
import { updateUser } from '../../application/admin/update-user.ts';
import {
  ConcurrentChangeError,
  EmailTakenError,
  ForbiddenError,
  LastAdminError,
  NotAuthenticatedError,
  TooManyAttemptsError,
  UserNotFoundError,
} from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { DeletedUser } from '../accounts/deleted-user.ts';
import { RoleEnum, UserType } from '../accounts/user-type.ts';
import { admin, builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { SuspendUserInput, UpdateUserInput } from './admin-inputs.ts';

// Who may not, whom there is not, a change that lost a race with another, and an admin over their write budget.
const refusals = [NotAuthenticatedError, ForbiddenError, UserNotFoundError, ConcurrentChangeError, TooManyAttemptsError];

/** The signed-in admin: the scope check before the resolver has already found one. It is the events' actor. */
const adminOf = async (context: GraphQLContext) => (await context.viewer()) as User;

builder.mutationField('updateUser', (t) =>
  t.field({
    type: UserType,
    description: "Correct a user's name, surname or email, with the rules of createUser. Admins only.",
    authScopes: admin,
    args: {
      id: t.arg.id({ required: true, description: "The user's id." }),
      input: t.arg({ type: UpdateUserInput, required: true, description: 'What changes.' }),
    },
    errors: { types: [...refusals, ValidationError, EmailTakenError], union: { description: 'The User as corrected, or why not.' } },
    resolve: async (_root, { id, input }, context) =>
      updateUser(
        {
          admin: await adminOf(context),
          id: String(id),
          details: { name: input.name ?? undefined, surname: input.surname ?? undefined, email: input.email ?? undefined },
        },
        context,
      ),
  }),
);

builder.mutationField('suspendUser', (t) =>
  t.field({
    type: UserType,
    description:
      'Stop an account: no activation, sign-in or token until reinstated or until `until`; every token is revoked. Not yourself, nor the last active admin. Admins only.',
    authScopes: admin,
    args: {
      id: t.arg.id({ required: true, description: "The user's id." }),
      input: t.arg({ type: SuspendUserInput, required: true, description: 'Why, and until when.' }),
    },
    errors: { types: [...refusals, ValidationError, LastAdminError], union: { description: 'The User, now suspended, or why not.' } },
    resolve: async (_root, { id, input }, context) =>
      suspendUser({ admin: await adminOf(context), id: String(id), reason: input.reason, until: input.until ?? null }, context),
  }),
);

builder.mutationField('reinstateUser', (t) =>
  t.field({
    type: UserType,
    description: 'Lift a suspension. Admins only.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true, description: "The user's id." }) },
    errors: { types: refusals, union: { description: 'The User, no longer suspended, or why not.' } },
    resolve: async (_root, { id }, context) => reinstateUser({ admin: await adminOf(context), id: String(id) }, context),
  }),
);

builder.mutationField('setUserRole', (t) =>
  t.field({
    type: UserType,
    description: 'Make a user an admin, or an admin a user; never the last active admin. Admins only.',
    authScopes: admin,
    args: {
      id: t.arg.id({ required: true, description: "The user's id." }),
      role: t.arg({ type: RoleEnum, required: true, description: 'The new role.' }),
    },
    errors: { types: [...refusals, LastAdminError], union: { description: 'The User with the new role, or why not.' } },
    resolve: async (_root, { id, role }, context) => setUserRole({ admin: await adminOf(context), id: String(id), role }, context),
  }),
);

builder.mutationField('deleteUser', (t) =>
  t.field({
    type: DeletedUser,
    description: 'Delete an account: its tokens find no one, its email can be used again. Never the last active admin. Admins only.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true, description: "The user's id." }) },
    errors: { types: [...refusals, LastAdminError], union: { description: 'The DeletedUser, or why the account stays.' } },
    resolve: async (_root, { id }, context) => deleteUser({ admin: await adminOf(context), id: String(id) }, context),
  }),
);
