/** The documents a client sends, selecting every field of every result type. */
const errorFields = `
  __typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
  ... on TooManyAttemptsError { retryAfterSeconds }
`;
const userFields = 'id name surname email active createdAt updatedAt';

export const CREATE_USER = `mutation ($input: UserDetailsInput!) {
  createUser(input: $input) { ${errorFields} ... on User { ${userFields} } }
}`;

export const ACTIVATE = `mutation ($input: UserCredentialsInput!) {
  activate(input: $input) { ${errorFields} ... on User { ${userFields} } }
}`;

export const DEACTIVATE = `mutation ($input: UserCredentialsInput!) {
  deactivate(input: $input) { ${errorFields} ... on User { ${userFields} } }
}`;

export const SIGN_IN = `mutation ($input: UserCredentialsInput!) {
  signIn(input: $input) { ${errorFields} ... on SignInPayload { token expiresAt user { ${userFields} } } }
}`;

export const ME = `{ me { ${userFields} } }`;
