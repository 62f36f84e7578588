import type { User } from '../domain/user.ts';
import { ownAccount } from './own-account.ts';
import type { WriteDeps } from './ports.ts';

/** Revokes every token of the signed-in user, this request's included. */
export async function signOutEverywhere(viewer: User, deps: WriteDeps): Promise<{ revokedAt: Date }> {
  await deps.rateLimits.writesPerAccount.consume(viewer.id);
  (await ownAccount(viewer, deps.unitOfWork.users)).revokeTokens();
  await deps.unitOfWork.commit();
  return { revokedAt: new Date() };
}
