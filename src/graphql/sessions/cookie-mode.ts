import type { SignInResult } from '../../application/accounts/sign-in.ts';
import { endSession } from '../../application/sessions/end-session.ts';
import { signOutWithRefreshToken } from '../../application/sessions/sign-out-with-refresh-token.ts';
import { ConcurrentChangeError, NotAuthenticatedError } from '../../domain/errors.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError, SessionNotFoundError } from '../../domain/session-errors.ts';
import type { GraphQLContext } from '../context.ts';

/**
 * In cookie mode the refresh token goes into the cookie, until the session's idle end, and the
 * answer holds none: no script can read it. In bearer mode, and for changePassword's answer
 * (which keeps the token the client holds), the result is as the use case made it.
 */
export function handOverRefreshToken(result: SignInResult, context: GraphQLContext): SignInResult {
  if (context.refreshCookie === null || result.refreshToken === null) return result;
  context.refreshCookie.set(result.refreshToken, result.session.idleExpiresAt, context.clock.now());
  return { ...result, refreshToken: null };
}

/**
 * A refresh with the token of its input, else of the cookie (cookie mode); a cookie whose token
 * is refused as ended or reused is removed, since it can never work again. With no token at all
 * (a signed-out visitor's page refreshing on load) nothing is guessed: InvalidRefreshTokenError,
 * not counted against the address, or such pages would lock sign-in for everyone behind it.
 */
export async function refreshWith(
  input: { refreshToken?: string | null } | null | undefined,
  context: GraphQLContext,
  refresh: (refreshToken: string) => Promise<SignInResult>,
): Promise<SignInResult> {
  const fromCookie = input?.refreshToken == null ? (context.refreshCookie?.token() ?? null) : null;
  const refreshToken = input?.refreshToken ?? fromCookie;
  if (!refreshToken) throw new InvalidRefreshTokenError();
  try {
    return handOverRefreshToken(await refresh(refreshToken), context);
  } catch (error) {
    if (fromCookie !== null && (error instanceof InvalidRefreshTokenError || error instanceof RefreshTokenReusedError)) {
      context.refreshCookie?.clear();
    }
    throw error;
  }
}

/**
 * Signs out the session of the request's access token, else (cookie mode, a page whose reload lost
 * its access token) the one its refresh cookie holds; with neither, or one that no longer works,
 * NotAuthenticatedError. In cookie mode the answer removes the cookie, unless the cookie was
 * refused (and so not used): its session has ended, or it had none that works.
 */
export async function signOutThisSession(context: GraphQLContext, now: Date): Promise<void> {
  try {
    const [viewer, session] = [await context.viewer(), await context.session()];
    await (viewer && session ? endSession({ viewer, sessionId: session.id, now }, context) : signOutWithCookie(context, now));
  } catch (error) {
    // Ended meanwhile by another request, or never one that works: this caller is signed out all
    // the same, and the cookie can never work again. Any other failure (the database down) keeps
    // it, the one token that can still end the session.
    const ended = [SessionNotFoundError, ConcurrentChangeError, InvalidRefreshTokenError, NotAuthenticatedError].some(
      (type) => error instanceof type,
    );
    if (ended) context.refreshCookie?.clear();
    throw ended ? new NotAuthenticatedError() : error;
  }
  context.refreshCookie?.clear();
}

/** In cookie mode, the answer of what has ended the cookie's session removes the cookie: it can never work again. */
export function cookieCleared<T>(context: GraphQLContext, result: T): T {
  context.refreshCookie?.clear();
  return result;
}

function signOutWithCookie(context: GraphQLContext, now: Date): Promise<void> {
  const refreshToken = context.refreshCookie?.token() ?? null;
  if (refreshToken === null) throw new NotAuthenticatedError();
  return signOutWithRefreshToken({ refreshToken, ipAddress: context.clientAddress, now }, context);
}
