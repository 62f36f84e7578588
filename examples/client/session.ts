/**
 * A signed-in session as docs/sessions.md asks a client to keep it: the access token in memory,
 * refreshed a minute before it expires (or once when a request is refused), and the rotated
 * refresh token from every answer kept.
 */
import { graphql } from './generated/gql.ts';
import type { RefreshSessionMutation, TypedDocumentString } from './generated/graphql.ts';
import { request } from './request.ts';

const RefreshSession = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      __typename
      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken }
      ... on Error { message }
      ... on UserSuspendedError { reason until }
      ... on TooManyAttemptsError { retryAfterSeconds }
    }
  }
`);

/** What a session keeps of a `SignInPayload`. */
export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string | null;
}

type RefreshAnswer = RefreshSessionMutation['refreshSession'];

export interface SessionOptions {
  url: string;
  /** The tokens of the sign-in that started the session. */
  tokens: Tokens;
  /** Sign in again (a form in a browser) when the session has ended. */
  signInAgain: () => Promise<Tokens>;
  /** Told every `refreshSession` answer, for logs. */
  onRefresh?: (answer: RefreshAnswer) => void;
  /** How long before `accessTokenExpiresAt` to refresh; a minute by default. */
  marginMs?: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSession({ url, tokens, signInAgain, onRefresh = () => {}, marginMs = 60_000 }: SessionOptions) {
  let current = tokens;
  // One refresh at a time: callers that need one meanwhile share it.
  let refreshing: Promise<void> | undefined;

  async function exchange(): Promise<void> {
    if (!current.refreshToken) {
      current = await signInAgain();
      return;
    }
    const { refreshSession: answer } = await request(url, RefreshSession, { input: { refreshToken: current.refreshToken } });
    onRefresh(answer);
    switch (answer.__typename) {
      case 'SignInPayload':
        // A null refresh token (never from refreshSession) would mean: the one held still works.
        current = { ...answer, refreshToken: answer.refreshToken ?? current.refreshToken };
        return;
      case 'TooManyAttemptsError':
        await wait(answer.retryAfterSeconds * 1000);
        return exchange();
      case 'UserSuspendedError':
        throw new Error(`Suspended: ${answer.reason}${answer.until ? ` until ${answer.until}` : ''}`);
      case 'UserInactiveError':
      // Cookie mode only, which this client (holding its refresh token) does not use: a request without the CSRF header.
      case 'CookieRefusedError':
        throw new Error(answer.message);
      case 'InvalidRefreshTokenError':
      case 'RefreshTokenReusedError':
      case 'ValidationError':
        // The session has ended (or the token is none of it): only a new sign-in helps.
        current = await signInAgain();
        return;
      default:
        return answer satisfies never;
    }
  }

  function refresh(): Promise<void> {
    refreshing ??= exchange().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function accessToken(): Promise<string> {
    if (Date.parse(current.accessTokenExpiresAt) - Date.now() <= marginMs) await refresh();
    return current.accessToken;
  }

  return {
    accessToken,
    /** `request` with the access token; `refused(data)` (e.g. `me: null`) refreshes once and retries. */
    async request<Result, Variables>(
      document: TypedDocumentString<Result, Variables>,
      variables: Variables,
      refused: (data: Result) => boolean,
    ): Promise<Result> {
      const data = await request(url, document, variables, await accessToken());
      if (!refused(data)) return data;
      await refresh();
      return request(url, document, variables, current.accessToken);
    },
  };
}
