import { changePassword } from '../../application/accounts/change-password.ts';
import { deleteMe } from '../../application/accounts/delete-me.ts';
import { signOutEverywhere } from '../../application/accounts/sign-out-everywhere.ts';
import { updateMe } from '../../application/accounts/update-me.ts';
import {
  ConcurrentChangeError,
  InvalidCredentialsError,
  LastAdminError,
  NotAuthenticatedError,
  TooManyAttemptsError,
} from '../../domain/errors.ts';
import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import { builder, signedIn } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { cookieCleared } from '../sessions/cookie-mode.ts';
import { SignOutPayload } from '../sessions/session-type.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { DeletedUser } from './deleted-user.ts';
import { ChangePasswordInput, DeleteMeInput, UpdateMeInput } from './self-service-inputs.ts';
import { SignInPayload } from './sign-in-payload.ts';
import { UserType } from './user-type.ts';

/** The signed-in user: the scope check before the resolver has already found one. */
const viewer = async (context: GraphQLContext) => (await context.viewer()) as User;

builder.mutationField('updateMe', (t) =>
  t.field({
    type: UserType,
    description: 'Change your own name or surname. Needs a bearer token.',
    authScopes: signedIn,
    args: { input: t.arg({ type: UpdateMeInput, required: true, description: 'What changes.' }) },
    errors: {
      types: [NotAuthenticatedError, ValidationError, ConcurrentChangeError, TooManyAttemptsError],
      union: { description: 'Your User as changed, or why not.' },
    },
    resolve: async (_root, { input }, context) =>
      updateMe({ name: input.name ?? undefined, surname: input.surname ?? undefined, viewer: await viewer(context) }, context),
  }),
);

builder.mutationField('changePassword', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Change your password: every other session ends and every token issued before is revoked; this session stays, with a fresh access token (`refreshToken` is null: the one you hold still refreshes it). Needs a bearer token.',
    authScopes: signedIn,
    args: { input: t.arg({ type: ChangePasswordInput, required: true, description: 'The current and the new password.' }) },
    errors: {
      types: [NotAuthenticatedError, ValidationError, InvalidCredentialsError, TooManyAttemptsError, ConcurrentChangeError],
      union: { description: 'A fresh session (SignInPayload), or why the password stays as it was.' },
    },
    resolve: async (_root, { input }, context) =>
      changePassword(
        {
          ...input,
          viewer: await viewer(context),
          session: (await context.session()) as Session,
          clientIp: context.clientIp,
          clientAddress: context.clientAddress,
        },
        context,
      ),
  }),
);

builder.mutationField('signOutEverywhere', (t) =>
  t.field({
    type: SignOutPayload,
    description:
      'End every session of yours and revoke every token, this one included (in cookie mode, the cookie is removed). Needs a bearer token.',
    authScopes: signedIn,
    errors: {
      types: [NotAuthenticatedError, ConcurrentChangeError, TooManyAttemptsError],
      union: { description: 'When the tokens were revoked, or why not.' },
    },
    resolve: async (_root, _args, context) => cookieCleared(context, await signOutEverywhere(await viewer(context), context)),
  }),
);

builder.mutationField('deleteMe', (t) =>
  t.field({
    type: DeletedUser,
    description:
      'Delete your account, confirming with your password; the email can be used again (in cookie mode, the cookie is removed). Needs a bearer token.',
    authScopes: signedIn,
    args: { input: t.arg({ type: DeleteMeInput, required: true, description: 'Your password.' }) },
    errors: {
      union: { description: 'The DeletedUser, or why the account stays.' },
      types: [NotAuthenticatedError, ValidationError, InvalidCredentialsError, TooManyAttemptsError, LastAdminError, ConcurrentChangeError],
    },
    resolve: async (_root, { input }, context) =>
      cookieCleared(
        context,
        await deleteMe(
          { ...input, viewer: await viewer(context), clientIp: context.clientIp, clientAddress: context.clientAddress },
          context,
        ),
      ),
  }),
);
