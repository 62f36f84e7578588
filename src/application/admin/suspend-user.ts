import { ForbiddenError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { WriteDeps } from '../ports.ts';
import { userById } from './user-by-id.ts';

export interface SuspendUserInput {
  admin: User;
  id: string;
  reason: string;
  /** When it ends by itself; null: when reinstated. */
  until: Date | null;
}

/** Stops an account, and every token of it, until reinstated or until `until`. */
export async function suspendUser(input: SuspendUserInput, deps: WriteDeps): Promise<User> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  if (input.id === input.admin.id) throw new ForbiddenError('An admin cannot suspend themself');
  const user = await userById(input.id, deps.unitOfWork);
  user.suspend(input.reason, input.until, adminActor(input.admin.id));
  await deps.unitOfWork.commit();
  return user;
}
