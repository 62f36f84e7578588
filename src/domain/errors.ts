/**
 * Expected failures of the user domain. Each has a stable `code` that callers can branch on;
 * the GraphQL edge maps every class to a typed error result, once (src/graphql/errors.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  constructor() {
    super('A user with this email already exists');
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  constructor() {
    super('No user has this email');
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('The email or password is incorrect');
  }
}

export class UserInactiveError extends DomainError {
  readonly code = 'USER_INACTIVE';
  constructor() {
    super('The user must be activated first');
  }
}

/** Too many failed credential checks, or sign-ups, from one email or address: wait and retry. */
export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts: try again in ${retryAfterSeconds} seconds`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
