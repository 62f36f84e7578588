import { normaliseEmail } from '../../domain/email.ts';
import { UserNotFoundError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { systemActor } from '../../domain/user-events.ts';
import type { UnitOfWork } from '../ports.ts';

/**
 * `npm run admin:grant -- <email>`: makes an existing user an active admin (a suspended one stays
 * refused). Run from a shell, with nobody signed in: the system is the actor.
 */
export async function grantAdmin(email: string, deps: { unitOfWork: UnitOfWork }): Promise<User> {
  const user = await deps.unitOfWork.users.findByEmail(normaliseEmail(email));
  if (!user) throw new UserNotFoundError();
  const now = new Date();
  user.activate(systemActor, now);
  user.setRole('ADMIN', systemActor, now);
  await deps.unitOfWork.commit();
  return user;
}
