import { selfActor } from '../../domain/user-events.ts';
import type { CredentialCheckDeps } from '../credentials/check-credentials.ts';
import { audited } from '../credentials/credential-audit.ts';
import { commitOwnChange, confirmedOwnAccount, type OwnChangeDeps, type OwnPasswordConfirmation } from './own-account.ts';

/** The signed-in user deletes their account, confirming with their password; the email is free again. */
export const deleteMe = audited(
  'deleteMe',
  async (input: OwnPasswordConfirmation, deps: CredentialCheckDeps & OwnChangeDeps): Promise<{ id: string }> => {
    await deps.rateLimits.writesPerAccount.consume(input.viewer.id);
    const user = await confirmedOwnAccount(input, deps);
    deps.unitOfWork.users.remove(user, selfActor(user.id));
    await commitOwnChange(input.viewer, deps);
    return { id: user.id };
  },
);
