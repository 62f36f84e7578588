import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from '../credentials/check-credentials.ts';
import { audited } from '../credentials/credential-audit.ts';
import type { Clock, IssuedToken, TokenIssuer } from '../ports.ts';
import type { SessionUnitOfWork } from '../sessions/session-store.ts';
import { type SessionDeps, startSession } from '../sessions/start-session.ts';

export interface SignInInput extends CredentialsAttempt {
  /** The request's `User-Agent`, shown back in the session list. */
  userAgent?: string | null | undefined;
}

export interface SignInDeps extends CredentialCheckDeps, SessionDeps {
  unitOfWork: SessionUnitOfWork;
  tokenIssuer: TokenIssuer;
  /** When the session starts. */
  clock: Clock;
}

/** A signed-in session: its short-lived access token (`token`, `expiresAt`), its refresh token, whose it is. */
export interface SignInResult extends IssuedToken {
  user: User;
  session: Session;
  /** Null when the client keeps the one it holds (changePassword keeps the current session). */
  refreshToken: string | null;
}

/**
 * Checks the credentials and starts a session, in the one commit that writes UserSignedIn and
 * SessionStarted (and ends the session pushed out beyond MAX_SESSIONS_PER_USER).
 */
export const signIn = audited('signIn', async (input: SignInInput, deps: SignInDeps, found): Promise<SignInResult> => {
  const user = found(await checkCredentials(input, deps));
  await deps.rateLimits.writesPerAccount.consume(user.id);
  const now = deps.clock.now();
  // Records UserSignedIn, which the commit writes: every sign-in commits, not only a renewed hash.
  user.signIn(selfActor(user.id), now);
  const details = { userId: user.id, userAgent: input.userAgent ?? null, ipAddress: input.clientAddress ?? input.clientIp };
  const { session, refreshToken } = await startSession({ ...details, now }, deps);
  const issued = await deps.tokenIssuer.issue(user, session.id);
  await deps.unitOfWork.commit();
  return { ...issued, user, session, refreshToken };
});
