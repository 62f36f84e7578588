import { normalisePassword } from '../domain/password.ts';
import type { User } from '../domain/user.ts';
import { audited } from './credential-audit.ts';
import { commitOwnChange, confirmedOwnAccount, type OwnChangeDeps } from './own-account.ts';
import type { SignInDeps, SignInResult } from './sign-in.ts';

export interface ChangePasswordInput {
  viewer: User;
  currentPassword: string;
  newPassword: string;
  clientIp: string;
  /** The client's full address, for the audit of the outcome. */
  clientAddress?: string | undefined;
}

/**
 * Checks the current password like any sign-in (counted and limited), stores the new one and
 * revokes every token issued before; the caller gets a fresh token for the new version.
 */
export const changePassword = audited(
  'changePassword',
  async (input: ChangePasswordInput, deps: SignInDeps & OwnChangeDeps): Promise<SignInResult> => {
    const { viewer, clientIp, clientAddress } = input;
    await deps.rateLimits.writesPerAccount.consume(viewer.id);
    const user = await confirmedOwnAccount({ viewer, password: input.currentPassword, clientIp, clientAddress }, deps);
    user.changePasswordHash(await deps.passwordHasher.hash(normalisePassword(input.newPassword)));
    await commitOwnChange(viewer, deps);
    return { ...(await deps.tokenIssuer.issue(user)), user };
  },
);
