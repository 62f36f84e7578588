/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What is wrong with a field, for clients that word it themselves (in their own language). */
export type FieldErrorCode =
  /** A name or surname holds a bidirectional control character, which reorders what others read. */
  | 'BIDI_CONTROLS'
  /** The new password is on the list of common, breached passwords. */
  | 'COMMON_PASSWORD'
  /** Arguments that exclude each other were given together (`first` and `last`). */
  | 'CONFLICTING_ARGUMENTS'
  /** A name, surname, suspension reason or email prefix to filter by holds a control character (a newline, a NUL…). */
  | 'CONTROL_CHARACTERS'
  /** A text is empty, or blank once trimmed. */
  | 'EMPTY'
  /** An `after` or `before` is not a cursor of this list in this order. */
  | 'INVALID_CURSOR'
  /** The email is not a valid address. */
  | 'INVALID_EMAIL'
  /** An id to filter by is not a UUID (every id this service hands out is one). */
  | 'INVALID_ID'
  /** A name or surname has no visible letter or digit. */
  | 'INVISIBLE'
  /** The end of a suspension is not in the future. */
  | 'NOT_IN_FUTURE'
  /** A text holds a lone surrogate: not well-formed Unicode. */
  | 'NOT_WELL_FORMED'
  /** A page size (`first` or `last`) is outside 1 to 100, or a time to filter by is before the year 0001. */
  | 'OUT_OF_RANGE'
  /** A text has more characters than the maximum the message names. */
  | 'TOO_LONG'
  /** A password has fewer characters than the minimum the message names. */
  | 'TOO_SHORT';

/** The refresh token to exchange. */
export type RefreshSessionInput = {
  /** The `refreshToken` of the last SignInPayload this session got; left out in cookie mode, the refresh cookie's. None at all is InvalidRefreshTokenError. */
  refreshToken?: string | null | undefined;
};

/** An email and its password, to prove who you are. */
export type UserCredentialsInput = {
  /** Any case, spaces around allowed: compared trimmed and lower-cased. */
  email: string;
  /** The password as set: only its presence and at most 128 characters are checked here. */
  password: string;
};

/** A new account. */
export type UserDetailsInput = {
  /** A valid address of at most 254 characters; stored trimmed and lower-cased. */
  email: string;
  /** 1 to 100 characters once trimmed, with no control characters and a visible letter or digit among them. */
  name: string;
  /** 8 to 128 characters, any Unicode, not a common password. */
  password: string;
  /** Like `name`. */
  surname: string;
};

export type CreateUserMutationVariables = Exact<{
  input: UserDetailsInput;
}>;


export type CreateUserMutation = { createUser:
    | { __typename: 'EmailTakenError', message: string }
    | { __typename: 'TooManyAttemptsError', message: string }
    | { __typename: 'User', email: string, active: boolean }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, code: FieldErrorCode }> }
   };

export type ActivateMutationVariables = Exact<{
  input: UserCredentialsInput;
}>;


export type ActivateMutation = { activate:
    | { __typename: 'ConcurrentChangeError', message: string }
    | { __typename: 'InvalidCredentialsError', message: string }
    | { __typename: 'TooManyAttemptsError', message: string }
    | { __typename: 'User', email: string, active: boolean }
    | { __typename: 'UserNotFoundError', message: string }
    | { __typename: 'UserSuspendedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type SignInMutationVariables = Exact<{
  input: UserCredentialsInput;
}>;


export type SignInMutation = { signIn:
    | { __typename: 'ConcurrentChangeError', message: string }
    | { __typename: 'InvalidCredentialsError', message: string }
    | { __typename: 'SignInPayload', accessToken: string, accessTokenExpiresAt: string, refreshToken: string | null, user: { email: string } }
    | { __typename: 'TooManyAttemptsError', message: string }
    | { __typename: 'UserInactiveError', message: string }
    | { __typename: 'UserNotFoundError', message: string }
    | { __typename: 'UserSuspendedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { name: string, surname: string, email: string, active: boolean } | null };

export type DeactivateMutationVariables = Exact<{
  input: UserCredentialsInput;
}>;


export type DeactivateMutation = { deactivate:
    | { __typename: 'ConcurrentChangeError', message: string }
    | { __typename: 'InvalidCredentialsError', message: string }
    | { __typename: 'LastAdminError', message: string }
    | { __typename: 'TooManyAttemptsError', message: string }
    | { __typename: 'User', email: string, active: boolean }
    | { __typename: 'UserNotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type RefreshSessionMutationVariables = Exact<{
  input: RefreshSessionInput;
}>;


export type RefreshSessionMutation = { refreshSession:
    | { __typename: 'CookieRefusedError', message: string }
    | { __typename: 'InvalidRefreshTokenError', message: string }
    | { __typename: 'RefreshTokenReusedError', message: string }
    | { __typename: 'SignInPayload', accessToken: string, accessTokenExpiresAt: string, refreshToken: string | null }
    | { __typename: 'TooManyAttemptsError', message: string, retryAfterSeconds: number }
    | { __typename: 'UserInactiveError', message: string }
    | { __typename: 'UserSuspendedError', message: string, reason: string, until: string | null }
    | { __typename: 'ValidationError', message: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: UserDetailsInput!) {
  createUser(input: $input) {
    __typename
    ... on User {
      email
      active
    }
    ... on Error {
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        code
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const ActivateDocument = new TypedDocumentString(`
    mutation Activate($input: UserCredentialsInput!) {
  activate(input: $input) {
    __typename
    ... on User {
      email
      active
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ActivateMutation, ActivateMutationVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: UserCredentialsInput!) {
  signIn(input: $input) {
    __typename
    ... on SignInPayload {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user {
        email
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    name
    surname
    email
    active
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const DeactivateDocument = new TypedDocumentString(`
    mutation Deactivate($input: UserCredentialsInput!) {
  deactivate(input: $input) {
    __typename
    ... on User {
      email
      active
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeactivateMutation, DeactivateMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($input: RefreshSessionInput!) {
  refreshSession(input: $input) {
    __typename
    ... on SignInPayload {
      accessToken
      accessTokenExpiresAt
      refreshToken
    }
    ... on Error {
      message
    }
    ... on UserSuspendedError {
      reason
      until
    }
    ... on TooManyAttemptsError {
      retryAfterSeconds
    }
  }
}
    `) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;