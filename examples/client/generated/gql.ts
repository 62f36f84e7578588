/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateUser($input: UserDetailsInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n      ... on ValidationError { fieldErrors { path code } }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation Activate($input: UserCredentialsInput!) {\n    activate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n": typeof types.ActivateDocument,
    "\n  mutation SignIn($input: UserCredentialsInput!) {\n    signIn(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken user { email } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  query Me {\n    me { name surname email active }\n  }\n": typeof types.MeDocument,
    "\n  mutation Deactivate($input: UserCredentialsInput!) {\n    deactivate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n": typeof types.DeactivateDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken }\n      ... on Error { message }\n      ... on UserSuspendedError { reason until }\n      ... on TooManyAttemptsError { retryAfterSeconds }\n    }\n  }\n": typeof types.RefreshSessionDocument,
};
const documents: Documents = {
    "\n  mutation CreateUser($input: UserDetailsInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n      ... on ValidationError { fieldErrors { path code } }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation Activate($input: UserCredentialsInput!) {\n    activate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n": types.ActivateDocument,
    "\n  mutation SignIn($input: UserCredentialsInput!) {\n    signIn(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken user { email } }\n      ... on Error { message }\n    }\n  }\n": types.SignInDocument,
    "\n  query Me {\n    me { name surname email active }\n  }\n": types.MeDocument,
    "\n  mutation Deactivate($input: UserCredentialsInput!) {\n    deactivate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n": types.DeactivateDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken }\n      ... on Error { message }\n      ... on UserSuspendedError { reason until }\n      ... on TooManyAttemptsError { retryAfterSeconds }\n    }\n  }\n": types.RefreshSessionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: UserDetailsInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n      ... on ValidationError { fieldErrors { path code } }\n    }\n  }\n"): typeof import('./graphql.ts').CreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Activate($input: UserCredentialsInput!) {\n    activate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.ts').ActivateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: UserCredentialsInput!) {\n    signIn(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken user { email } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.ts').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { name surname email active }\n  }\n"): typeof import('./graphql.ts').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Deactivate($input: UserCredentialsInput!) {\n    deactivate(input: $input) {\n      __typename\n      ... on User { email active }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.ts').DeactivateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      __typename\n      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken }\n      ... on Error { message }\n      ... on UserSuspendedError { reason until }\n      ... on TooManyAttemptsError { retryAfterSeconds }\n    }\n  }\n"): typeof import('./graphql.ts').RefreshSessionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
