import {
  EmailTakenError,
  InvalidCredentialsError,
  TooManyAttemptsError,
  UserInactiveError,
  UserNotFoundError,
} from '../domain/errors.ts';
import { builder } from './builder.ts';
import { type FieldError, ValidationError } from './validation-error.ts';

/** Domain errors become typed GraphQL results here, once; anything else stays a masked error. */
const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

for (const [errorClass, name] of [
  [EmailTakenError, 'EmailTakenError'],
  [UserNotFoundError, 'UserNotFoundError'],
  [InvalidCredentialsError, 'InvalidCredentialsError'],
  [UserInactiveError, 'UserInactiveError'],
] as const) {
  builder.objectType(errorClass, { name, interfaces: [ErrorInterface], fields: () => ({}) });
}

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
