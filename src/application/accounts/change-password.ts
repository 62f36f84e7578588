import { acceptedPassword } from '../../domain/password-policy.ts';
import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { audited } from '../credentials/credential-audit.ts';
import { commitOwnChange, confirmedOwnAccount, type OwnChangeDeps } from './own-account.ts';
import type { SignInDeps, SignInResult } from './sign-in.ts';

export interface ChangePasswordInput {
  viewer: User;
  /** The session of the request's access token: the one session the change keeps (ASVS 7.4.3). */
  session: Session;
  currentPassword: string;
  newPassword: string;
  clientIp: string;
  /** The client's full address, for the audit of the outcome. */
  clientAddress?: string | undefined;
}

/**
 * Checks the current password like any sign-in (counted and limited), stores the new one and
 * revokes every token issued before: every other session ends in the same commit, the current one
 * stays, and the caller gets a fresh access token of it for the new version (no new refresh token:
 * the one the client holds still refreshes it). The new password meets the domain's policy first:
 * a refused one spends no check of the current one.
 */
export const changePassword = audited(
  'changePassword',
  async (input: ChangePasswordInput, deps: SignInDeps & OwnChangeDeps): Promise<SignInResult> => {
    const { viewer, session, clientIp, clientAddress } = input;
    const newPassword = acceptedPassword(input.newPassword);
    await deps.rateLimits.writesPerAccount.consume(viewer.id);
    const user = await confirmedOwnAccount({ viewer, password: input.currentPassword, clientIp, clientAddress }, deps);
    user.changePasswordHash(await deps.passwordHasher.hash(newPassword), selfActor(user.id));
    deps.unitOfWork.sessions.keep(session.id);
    await commitOwnChange(viewer, deps);
    return { ...(await deps.tokenIssuer.issue(user, session.id)), user, session, refreshToken: null };
  },
);
