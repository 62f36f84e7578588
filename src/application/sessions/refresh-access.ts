import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../domain/session-errors.ts';
import type { SignInResult } from '../accounts/sign-in.ts';
import type { TokenIssuer } from '../ports.ts';
import { type RefreshSessionDeps, type RefreshSessionInput, refreshSession } from './refresh-session.ts';

export interface RefreshAccessInput extends RefreshSessionInput {
  /** Where the attempt comes from, as the per-address limits count it. */
  clientIp: string;
}

export interface RefreshAccessDeps extends RefreshSessionDeps {
  tokenIssuer: TokenIssuer;
}

/**
 * A refresh as a client asks for it: the session's next refresh token (see refreshSession) and a
 * new access token. A bad or reused refresh token counts as a failed credential check of the
 * address, and once the address is locked its failures answer TooManyAttemptsError. A valid token
 * is never refused for its address: a lockout of a shared address (an office, a carrier's NAT)
 * must not sign out everyone behind it, and a success costs no write to the address's limits (its
 * rotation counts against the user's rotations: see refreshSession).
 */
export async function refreshAccess(input: RefreshAccessInput, deps: RefreshAccessDeps): Promise<SignInResult> {
  try {
    const { session, user, refreshToken } = await refreshSession(input, deps);
    return { ...(await deps.tokenIssuer.issue(user, session.id)), user, session, refreshToken };
  } catch (error) {
    const guess = error instanceof InvalidRefreshTokenError || error instanceof RefreshTokenReusedError;
    if (guess) await deps.rateLimits.credentialFailuresPerIp.consume(input.clientIp);
    throw error;
  }
}
