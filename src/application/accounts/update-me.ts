import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { commitOwnChange, type OwnChangeDeps, ownAccount } from './own-account.ts';

export interface UpdateMeInput {
  viewer: User;
  name?: string | undefined;
  surname?: string | undefined;
}

/** The signed-in user changes their own name or surname; the email is an admin's to change. */
export async function updateMe(input: UpdateMeInput, deps: OwnChangeDeps): Promise<User> {
  await deps.rateLimits.writesPerAccount.consume(input.viewer.id);
  const account = await ownAccount(input.viewer, deps.unitOfWork.users);
  account.update({ name: input.name, surname: input.surname }, selfActor(account.id));
  await commitOwnChange(input.viewer, deps);
  return account;
}
