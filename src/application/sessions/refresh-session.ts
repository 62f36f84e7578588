import { ConcurrentChangeError } from '../../domain/errors.ts';
import type { Session } from '../../domain/session.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../domain/session-errors.ts';
import type { User } from '../../domain/user.ts';
import type { RateLimits, UserReader } from '../ports.ts';
import type { RefreshTokenClaims } from './refresh-token-codec.ts';
import type { SessionStore } from './session-store.ts';
import type { IssuedSession, SessionDeps } from './start-session.ts';

export interface RefreshSessionInput {
  refreshToken: string;
  /** The client's address as the per-address limits see it: RefreshTokenReused names it. */
  ipAddress: string | null;
  now: Date;
}

export interface RefreshSessionDeps extends SessionDeps {
  sessionStore: SessionStore;
  userReader: UserReader;
  rateLimits: RateLimits;
}

export interface RefreshedSession extends IssuedSession {
  user: User;
}

/**
 * Exchanges a refresh token for its successor. The current token rotates, in one conditional
 * write; the token just replaced answers that same successor within the grace window, writing
 * nothing (so concurrent refreshes of one client all succeed alike); any older token, or the one
 * just replaced after the window, is reuse: the session ends (REUSE_DETECTED, with
 * RefreshTokenReused) and the call answers RefreshTokenReusedError. Every other failure is
 * InvalidRefreshTokenError (or the user's own refusal) and writes nothing.
 *
 * A rotation is a write of the user's, so it counts against the user's rotations (as many a
 * minute as ACCOUNT_WRITES_PER_MINUTE): past them, TooManyAttemptsError, nothing written and the
 * token still good. The count is checked before the write and added to only by the rotation that
 * wins it: of 20 concurrent refreshes of one token with one rotation left, one rotates and 19
 * answer its successor, none refused. (Concurrent refreshes of the user's other sessions may pass
 * that last check too: one rotation each.)
 */
export async function refreshSession(input: RefreshSessionInput, deps: RefreshSessionDeps): Promise<RefreshedSession> {
  const claims = deps.refreshTokens.decode(input.refreshToken);
  if (claims === null) throw new InvalidRefreshTokenError();
  const { lifetimes, reuseGraceSeconds } = deps.sessionSettings;
  // A rotation lost to a concurrent one reads the session again: the winner's token is then the successor.
  for (let attempt = 0; attempt < 2; attempt++) {
    const { session, user } = await liveSessionAndUser(claims, input.now, deps);
    const verdict = session.judgeRefresh(claims.counter, input.now, reuseGraceSeconds);
    if (verdict === 'invalid') throw new InvalidRefreshTokenError();
    if (verdict === 'reuse') return endForReuse(session.id, input, deps);
    if (verdict === 'rotate') {
      if (!(await withinBudget(session, deps))) continue;
      session.rotate(lifetimes, input.now);
      if (!(await deps.sessionStore.rotate(session))) continue;
      await deps.rateLimits.rotationsPerAccount.record(session.userId);
    }
    return { session, user, refreshToken: deps.refreshTokens.encode({ sessionId: session.id, counter: session.refreshCounter }) };
  }
  throw new InvalidRefreshTokenError();
}

async function liveSessionAndUser(
  claims: RefreshTokenClaims,
  now: Date,
  deps: RefreshSessionDeps,
): Promise<{ session: Session; user: User }> {
  const session = await deps.sessionStore.findById(claims.sessionId);
  if (!session?.isLive(now)) throw new InvalidRefreshTokenError();
  const user = await deps.userReader.findById(session.userId);
  if (!user) throw new InvalidRefreshTokenError();
  user.assertCanSignIn(now);
  return { session, user };
}

/**
 * Whether the user's rotations let this one be tried. A rotation is recorded only after its write,
 * so a refusal may come of a concurrent refresh's rotation of this very session: then (false) the
 * session is read and judged again, and this token answers that rotation's successor, refused by
 * no one (nor counted as a refusal).
 */
async function withinBudget(session: Session, deps: RefreshSessionDeps): Promise<boolean> {
  const rotations = deps.rateLimits.rotationsPerAccount;
  const refusal = await rotations.check(session.userId);
  if (refusal === null) return true;
  const stored = await deps.sessionStore.findById(session.id);
  if (stored?.refreshCounter === session.refreshCounter) rotations.refuse(refusal);
  return false;
}

async function endForReuse(sessionId: string, input: RefreshSessionInput, deps: RefreshSessionDeps): Promise<never> {
  const session = await deps.unitOfWork.sessions.findById(sessionId);
  if (session?.endedAt === null) {
    session.endForReuse(input.ipAddress, input.now);
    // Another request ended it first (a second reuse, a revocation): ended all the same.
    await deps.unitOfWork.commit().catch((error: unknown) => {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    });
  }
  throw new RefreshTokenReusedError();
}
