import { DomainError } from './errors.ts';

/** Unknown, expired, ended, forged or malformed: one message for all, so none of them is told apart. */
export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';
  constructor() {
    super('The refresh token is invalid or expired: sign in again');
  }
}

/** A refresh token was used again after it had been replaced: the whole session has ended. */
export class RefreshTokenReusedError extends DomainError {
  readonly code = 'REFRESH_TOKEN_REUSED';
  constructor() {
    super('This refresh token was already used: the session has ended, sign in again');
  }
}

/** No such session of the caller's (someone else's, for a non-admin, is none either: never confirmed). */
export class SessionNotFoundError extends DomainError {
  readonly code = 'SESSION_NOT_FOUND';
  constructor() {
    super('No such session');
  }
}
