import { activateUser } from '../../application/accounts/activate-user.ts';
import { createUser } from '../../application/accounts/create-user.ts';
import { deactivateUser } from '../../application/accounts/deactivate-user.ts';
import { signIn } from '../../application/accounts/sign-in.ts';
import {
  ConcurrentChangeError,
  EmailTakenError,
  InvalidCredentialsError,
  LastAdminError,
  TooManyAttemptsError,
  UserInactiveError,
  UserNotFoundError,
  UserSuspendedError,
} from '../../domain/errors.ts';
import { builder } from '../builder.ts';
import { handOverRefreshToken } from '../sessions/cookie-mode.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { SignInPayload } from './sign-in-payload.ts';
import { UserCredentialsInput, UserDetailsInput } from './user-inputs.ts';
import { UserType } from './user-type.ts';

builder.mutationField('createUser', (t) =>
  t.field({
    type: UserType,
    description: 'Sign up: creates an inactive account (activate it next). Rate-limited per address.',
    args: { input: t.arg({ type: UserDetailsInput, required: true, description: 'The new account.' }) },
    errors: {
      types: [ValidationError, EmailTakenError, TooManyAttemptsError],
      union: { description: 'The created User, or why there is none.' },
    },
    resolve: (_root, { input }, context) =>
      createUser({ ...input, clientIp: context.clientIp, clientAddress: context.clientAddress }, context),
  }),
);

for (const [name, changeActivation, refusal, description, union] of [
  [
    'activate',
    activateUser,
    UserSuspendedError,
    'Activate your account with its email and password (idempotent).',
    'The User, now active, or why not.',
  ],
  [
    'deactivate',
    deactivateUser,
    LastAdminError,
    'Deactivate your account with its email and password (idempotent); every token of it is revoked.',
    'The User, now inactive, or why not.',
  ],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: UserType,
      description,
      args: { input: t.arg({ type: UserCredentialsInput, required: true, description: 'Your email and password.' }) },
      errors: {
        types: [ValidationError, UserNotFoundError, InvalidCredentialsError, TooManyAttemptsError, refusal, ConcurrentChangeError],
        union: { description: union },
      },
      resolve: (_root, { input }, context) =>
        changeActivation({ ...input, clientIp: context.clientIp, clientAddress: context.clientAddress }, context),
    }),
  );
}

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Exchange the email and password of an active, unsuspended account for a session: a bearer access token and a refresh token (in cookie mode, set as a cookie). Rate-limited.',
    args: { input: t.arg({ type: UserCredentialsInput, required: true, description: 'Your email and password.' }) },
    errors: {
      union: { description: 'A session (SignInPayload), or why not.' },
      types: [
        ValidationError,
        UserNotFoundError,
        InvalidCredentialsError,
        UserInactiveError,
        TooManyAttemptsError,
        UserSuspendedError,
        ConcurrentChangeError,
      ],
    },
    resolve: async (_root, { input }, context) =>
      handOverRefreshToken(
        await signIn({ ...input, userAgent: context.userAgent, clientIp: context.clientIp, clientAddress: context.clientAddress }, context),
        context,
      ),
  }),
);
