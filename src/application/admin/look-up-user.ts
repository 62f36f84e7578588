import type { User } from '../../domain/user.ts';
import type { UserDirectory } from '../ports.ts';

/** One user as an admin looks it up, or null when the id names no one. */
export function lookUpUser(id: string, deps: { userDirectory: UserDirectory }): Promise<User | null> {
  return deps.userDirectory.findById(id);
}
