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
} from '../domain/errors.ts';
import { builder } from './builder.ts';
import { type FieldError, ValidationError } from './validation-error.ts';

/** Domain errors become typed GraphQL results here, once; anything else stays a masked error. */
const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

for (const [errorClass, name, description] of [
  [EmailTakenError, 'EmailTakenError', 'Another user has this email.'],
  [UserNotFoundError, 'UserNotFoundError', 'No user has this email (or, for an admin field, this id).'],
  [InvalidCredentialsError, 'InvalidCredentialsError', 'The password is wrong (in uniform mode, or there is no such user).'],
  [UserInactiveError, 'UserInactiveError', 'The user must be activated before signing in.'],
  [NotAuthenticatedError, 'NotAuthenticatedError', 'No valid bearer token, or its user is inactive, suspended or gone.'],
  [ForbiddenError, 'ForbiddenError', 'Signed in, but not allowed this: admin fields need an active ADMIN.'],
  [LastAdminError, 'LastAdminError', 'The change would leave no active, unsuspended admin.'],
  [ConcurrentChangeError, 'ConcurrentChangeError', 'Another request changed or deleted the user meanwhile; nothing was written: retry.'],
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
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

const FieldErrorType = builder.objectRef<FieldError>('FieldError').implement({
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.expose('fieldErrors', { type: [FieldErrorType] }) }),
});
