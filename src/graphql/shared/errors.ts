import { WebhookEventNotFoundError } from '../../application/webhooks/webhook-deliveries.ts';
import {
  ConcurrentChangeError,
  EmailTakenError,
  ForbiddenError,
  InvalidCredentialsError,
  LastAdminError,
  NotAuthenticatedError,
  TooManyAttemptsError,
  UserInactiveError,
  UserNotFoundError,
  UserSuspendedError,
} from '../../domain/errors.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError, SessionNotFoundError } from '../../domain/session-errors.ts';
import { builder } from '../builder.ts';
import { CookieRefusedError } from '../sessions/cookie-refused-error.ts';
import { type FieldErrorCode, fieldErrorCodes } from './field-error-codes.ts';
import { type FieldError, ValidationError } from './validation-error.ts';

/** Domain errors become typed GraphQL results here, once; anything else stays a masked error. */
const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Why a field answered no instead of its result: every error result of a `…Result` union implements it.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in English, for people: match on `__typename`, not on this.' }),
  }),
});

for (const [errorClass, name, description] of [
  [EmailTakenError, 'EmailTakenError', 'Another user has this email.'],
  [UserNotFoundError, 'UserNotFoundError', 'No user has this email (or, for an admin field, this id).'],
  [InvalidCredentialsError, 'InvalidCredentialsError', 'The password is wrong (in uniform mode, or there is no such user).'],
  [UserInactiveError, 'UserInactiveError', 'The user must be activated before signing in.'],
  [
    NotAuthenticatedError,
    'NotAuthenticatedError',
    'No valid bearer token: none, expired, its session ended, or its user is inactive, suspended or gone.',
  ],
  [ForbiddenError, 'ForbiddenError', 'Signed in, but not allowed this: admin fields need an active ADMIN.'],
  [LastAdminError, 'LastAdminError', 'The change would leave no active, unsuspended admin.'],
  [ConcurrentChangeError, 'ConcurrentChangeError', 'Another request changed or deleted the user meanwhile; nothing was written: retry.'],
  [InvalidRefreshTokenError, 'InvalidRefreshTokenError', 'The refresh token is unknown, expired, ended or malformed: sign in again.'],
  [
    RefreshTokenReusedError,
    'RefreshTokenReusedError',
    'This refresh token had already been exchanged for another: the whole session has ended, sign in again.',
  ],
  [SessionNotFoundError, 'SessionNotFoundError', 'You have no live session with this id.'],
  [
    CookieRefusedError,
    'CookieRefusedError',
    "The refresh cookie came without the header `x-graphql-yoga-csrf`, or from an `Origin` neither this server's nor in `CORS_ORIGINS`: it was not used.",
  ],
  [
    WebhookEventNotFoundError,
    'WebhookEventNotFoundError',
    'No webhook delivery has this event id (never delivered, or pruned by retention).',
  ],
] as const) {
  builder.objectType(errorClass, { name, description, interfaces: [ErrorInterface], fields: () => ({}) });
}

builder.objectType(UserSuspendedError, {
  name: 'UserSuspendedError',
  description: 'An admin suspended this account: answered only after a correct password.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason', { description: "The admin's reason, as they wrote it." }),
    until: t.expose('until', {
      type: 'DateTime',
      nullable: true,
      description: 'When the suspension ends by itself; null: when an admin reinstates the account.',
    }),
  }),
});

builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  description: 'Too many failed password checks or refreshes for this email or from this address, or sign-ups from this address: wait.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { description: 'How many seconds to wait before the next attempt can succeed.' }),
  }),
});

const FieldErrorCodeEnum = builder.enumType('FieldErrorCode', {
  description: 'What is wrong with a field, for clients that word it themselves (in their own language).',
  values: Object.fromEntries(Object.entries(fieldErrorCodes).map(([code, description]) => [code, { description }])) as Record<
    FieldErrorCode,
    { description: string }
  >,
});

const FieldErrorType = builder.objectRef<FieldError>('FieldError').implement({
  description: 'The first problem found with one input field or argument.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where the field is: the argument, then the input field (`["input", "email"]`).' }),
    message: t.exposeString('message', { description: 'The problem, in English, for people.' }),
    code: t.expose('code', { type: FieldErrorCodeEnum, description: 'The problem, for programs: stable, to localise by.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The arguments break the rules their descriptions state; nothing was done.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.expose('fieldErrors', { type: [FieldErrorType], description: 'One entry per invalid field.' }),
  }),
});
