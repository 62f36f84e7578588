/**
 * Expected failures of the user domain. Each has a stable `code` that callers can branch on;
 * the GraphQL edge maps every class to a typed error result, once (src/graphql/shared/errors.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** A refusal about a known account: its id goes to the audit log line, never to the client. */
export abstract class AccountRefusal extends DomainError {
  readonly userId: string | null;
  constructor(message: string, userId: string | null) {
    super(message);
    this.userId = userId;
  }
}

/**
 * The rules a user's values keep, each as the code the GraphQL edge answers in a ValidationError's
 * field error (the edge reports the domain's refusals, it does not restate the rules).
 */
export type ValueRuleCode =
  | 'EMPTY'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_EMAIL'
  | 'COMMON_PASSWORD'
  | 'CONTROL_CHARACTERS'
  | 'BIDI_CONTROLS'
  | 'INVISIBLE';

/** A name, email or new password that breaks a rule of the domain: the first one it breaks. */
export class InvalidValueError extends DomainError {
  readonly code: ValueRuleCode;
  constructor(code: ValueRuleCode, message: string) {
    super(message);
    this.code = code;
  }
}

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  constructor() {
    super('A user with this email already exists');
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  constructor(message = 'No user has this email') {
    super(message);
  }
}

export class InvalidCredentialsError extends AccountRefusal {
  readonly code = 'INVALID_CREDENTIALS';
  constructor(userId: string | null = null) {
    super('The email or password is incorrect', userId);
  }
}

export class UserInactiveError extends AccountRefusal {
  readonly code = 'USER_INACTIVE';
  constructor(userId: string) {
    super('The user must be activated first', userId);
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

/** No valid bearer token, or its user is inactive, suspended or gone. */
export class NotAuthenticatedError extends DomainError {
  readonly code = 'NOT_AUTHENTICATED';
  constructor() {
    super('Sign in first: this needs a valid bearer token of an active user');
  }
}

/** Signed in, but not allowed this. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Only an admin may do this') {
    super(message);
  }
}

/** The change would leave no active, unsuspended admin. */
export class LastAdminError extends DomainError {
  readonly code = 'LAST_ADMIN';
  constructor() {
    super('This would leave no active admin: make another user an admin first');
  }
}

/** A suspended user tried to activate or sign in, with the right password. */
export class UserSuspendedError extends AccountRefusal {
  readonly code = 'USER_SUSPENDED';
  readonly reason: string;
  /** When the suspension ends by itself; null: when an admin reinstates the user. */
  readonly until: Date | null;
  constructor(userId: string, reason: string, until: Date | null) {
    super(until ? `This account is suspended until ${until.toISOString()}` : 'This account is suspended', userId);
    this.reason = reason;
    this.until = until;
  }
}

/** Another request changed the same user between this one's read and its write: nothing was written. */
export class ConcurrentChangeError extends DomainError {
  readonly code = 'CONCURRENT_CHANGE';
  constructor() {
    super('The user changed meanwhile: read it again and retry');
  }
}
