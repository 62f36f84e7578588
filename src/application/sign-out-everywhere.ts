import type { User } from '../domain/user.ts';
import { ownAccount } from './own-account.ts';
import type { UnitOfWork } from './ports.ts';

/** Revokes every token of the signed-in user, this request's included. */
export async function signOutEverywhere(viewer: User, deps: { unitOfWork: UnitOfWork }): Promise<{ revokedAt: Date }> {
  (await ownAccount(viewer, deps.unitOfWork.users)).revokeTokens();
  await deps.unitOfWork.commit();
  return { revokedAt: new Date() };
}
