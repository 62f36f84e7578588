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

/** SIGN_IN and ACTIVATE with what a suspended user is told. */
const suspendedFields = '... on UserSuspendedError { reason until }';
export const SIGN_IN_OR_SUSPENDED = SIGN_IN.replace(errorFields, `${errorFields} ${suspendedFields}`);
export const ACTIVATE_OR_SUSPENDED = ACTIVATE.replace(errorFields, `${errorFields} ${suspendedFields}`);

/** A user as an admin (or the user) sees it: every field, the new ones included. */
export const accountFields = `${userFields} role suspension { reason until suspendedAt }`;
/** Each result union has its own members: a fragment on a type outside it would not validate. */
const failure = '__typename ... on Error { message }';
const invalid = '... on ValidationError { fieldErrors { path message code } }';
const limited = '... on TooManyAttemptsError { retryAfterSeconds }';
const account = `... on User { ${accountFields} }`;

export const ACCOUNT_ME = `{ me { ${accountFields} } }`;

export const UPDATE_ME = `mutation ($input: UpdateMeInput!) { updateMe(input: $input) { ${failure} ${invalid} ${limited} ${account} } }`;

export const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) {
  changePassword(input: $input) { ${failure} ${invalid} ${limited} ... on SignInPayload { token expiresAt user { ${accountFields} } } }
}`;

export const SIGN_OUT_EVERYWHERE = `mutation { signOutEverywhere { ${failure} ${limited} ... on SignOutPayload { revokedAt } } }`;

export const DELETE_ME = `mutation ($input: DeleteMeInput!) { deleteMe(input: $input) { ${failure} ${invalid} ${limited} ... on DeletedUser { id } } }`;

export const USERS = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: UserFilter, $orderBy: UserOrder) {
  users(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    ${failure} ${invalid}
    ... on UserConnection {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${accountFields} } }
    }
  }
}`;

export const USER = `query ($id: ID!) { user(id: $id) { ${failure} ${account} } }`;

export const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${failure} ${invalid} ${limited} ${account} } }`;

export const SUSPEND_USER = `mutation ($id: ID!, $input: SuspendUserInput!) { suspendUser(id: $id, input: $input) { ${failure} ${invalid} ${limited} ${account} } }`;

export const REINSTATE_USER = `mutation ($id: ID!) { reinstateUser(id: $id) { ${failure} ${limited} ${account} } }`;

export const SET_USER_ROLE = `mutation ($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { ${failure} ${limited} ${account} } }`;

export const DELETE_USER = `mutation ($id: ID!) { deleteUser(id: $id) { ${failure} ${limited} ... on DeletedUser { id } } }`;

const deliveryFields = 'eventId eventType occurredAt url status attempts lastError nextAttemptAt deliveredAt';
export const WEBHOOK_DELIVERIES = `query ($status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(status: $status, first: $first, after: $after) {
    __typename ... on Error { message } ... on ValidationError { fieldErrors { path code } }
    ... on WebhookDeliveryConnection { pageInfo { hasNextPage endCursor } edges { cursor node { ${deliveryFields} } } }
  }
}`;
export const REDELIVER_WEBHOOK = `mutation ($eventId: ID!) {
  redeliverWebhook(eventId: $eventId) { __typename ... on Error { message } ${limited} ... on RedeliveredWebhook { eventId deliveries { ${deliveryFields} } } }
}`;
