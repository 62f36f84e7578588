import { expect } from 'vitest';
import { password } from './accounts.ts';
import type { SuiteServer } from './server.ts';

/** The documents of the sessions' edge, selecting every field of every result type. */
const failure = '__typename ... on Error { message }';
export const sessionFields = 'id createdAt lastUsedAt expiresAt idleExpiresAt userAgent ipAddress current';
const payload = `... on SignInPayload {
  token expiresAt accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt session { ${sessionFields} } user { id }
}`;

export const SIGN_IN_SESSION = `mutation ($input: UserCredentialsInput!) { signIn(input: $input) { ${failure} ${payload} } }`;
export const REFRESH_SESSION = `mutation ($input: RefreshSessionInput) {
  refreshSession(input: $input) { ${failure} ${payload} ... on TooManyAttemptsError { retryAfterSeconds } }
}`;
export const SIGN_OUT = `mutation { signOut { ${failure} ... on SignOutPayload { revokedAt } } }`;
export const REVOKE_SESSION = `mutation ($id: ID!) { revokeSession(id: $id) { ${failure} ... on RevokedSession { id } } }`;
export const REVOKE_OTHER_SESSIONS = `mutation { revokeOtherSessions { ${failure} ... on SignOutPayload { revokedAt } } }`;
export const REVOKE_USER_SESSIONS = `mutation ($id: ID!) { revokeUserSessions(id: $id) { ${failure} ... on RevokedSessions { count } } }`;
const sessionList = `sessions { ${failure} ... on SessionList { sessions { ${sessionFields} } } }`;
export const MY_SESSIONS = `{ me { ${sessionList} } }`;
export const USER_SESSIONS = `query ($id: ID!) { user(id: $id) { ${failure} ... on User { ${sessionList} } } }`;
export const WHO_AM_I = '{ me { id } }';
export const CHANGE_PASSWORD_IN_SESSION = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) {
  __typename ... on SignInPayload { accessToken refreshToken session { id current } }
} }`;

export const invalidRefreshToken = {
  __typename: 'InvalidRefreshTokenError',
  message: 'The refresh token is invalid or expired: sign in again',
};
export const refreshTokenReused = {
  __typename: 'RefreshTokenReusedError',
  message: 'This refresh token was already used: the session has ended, sign in again',
};
export const sessionNotFound = { __typename: 'SessionNotFoundError', message: 'No such session' };

/** A signed-in session as SignInPayload answers it. */
export interface SignedInSession {
  accessToken: string;
  refreshToken: string;
  session: { id: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** The sessions' requests of one suite's server. */
export function sessionClientOf(suite: SuiteServer) {
  // biome-ignore lint: an answer is whatever JSON the server sent.
  async function ask(query: string, variables: object = {}, headers: Record<string, string> = {}): Promise<any> {
    const response = await suite.server.graphql(query, variables, headers);
    expect(response.body.errors).toBeUndefined();
    return Object.values(response.body.data)[0];
  }
  const as = (token: string, userAgent = 'node') => ({ authorization: `Bearer ${token}`, 'user-agent': userAgent });
  return {
    ask,
    as,
    async signIn(email: string, userAgent = 'node'): Promise<SignedInSession> {
      const signedIn = await ask(SIGN_IN_SESSION, { input: { email, password } }, { 'user-agent': userAgent });
      expect(signedIn.__typename).toBe('SignInPayload');
      return signedIn;
    },
    refresh: (refreshToken: string | undefined) => ask(REFRESH_SESSION, { input: { refreshToken } }),
    /** Who the access token signs in: an id, or null when refused. */
    async holder(accessToken: string): Promise<string | null> {
      return (await ask(WHO_AM_I, {}, as(accessToken)))?.id ?? null;
    },
    async liveSessionIds(accessToken: string): Promise<string[]> {
      const { sessions } = await ask(MY_SESSIONS, {}, as(accessToken));
      return sessions.sessions.map(({ id }: { id: string }) => id);
    },
  };
}
