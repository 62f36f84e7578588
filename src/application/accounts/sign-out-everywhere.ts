import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { commitOwnChange, type OwnChangeDeps, ownAccount } from './own-account.ts';

/** Revokes every token of the signed-in user, this request's included. */
export async function signOutEverywhere(viewer: User, deps: OwnChangeDeps): Promise<{ revokedAt: Date }> {
  await deps.rateLimits.writesPerAccount.consume(viewer.id);
  (await ownAccount(viewer, deps.unitOfWork.users)).revokeTokens(selfActor(viewer.id));
  await commitOwnChange(viewer, deps);
  return { revokedAt: new Date() };
}
