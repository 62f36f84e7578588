import { randomUUID } from 'node:crypto';
import { positionOf, type UserFilter, type UserListQuery, type UserOrder } from '../../src/application/admin/user-list-query.ts';
import type { UnitOfWork, UserDirectory } from '../../src/application/ports.ts';
import { type Role, User } from '../../src/domain/user.ts';
import { selfActor, systemActor } from '../../src/domain/user-events.ts';

/** A creation time `n` minutes into a fixed day, in whole milliseconds: what every backend keeps of a Date. */
export const minute = (n: number) => new Date(Date.UTC(2026, 2, 4, 5, n, 7, 89));

const day = 86_400_000;
export const yesterday = () => new Date(Date.now() - day);
export const tomorrow = () => new Date(Date.now() + day);

/** `count` random ids, sorted: tests hand them out to fix the order of rows created at the same time. */
export const sortedIds = (count: number) => Array.from({ length: count }, () => randomUUID()).sort();

export interface UserSpec {
  email?: string;
  createdAt?: Date;
  id?: string;
  /** `email` as stored, unchecked: one the domain's rules refuse (`a%b@…`), as a row from before them holds. */
  emailAsStored?: boolean;
  active?: boolean;
  role?: Role;
  /** Suspended until then; null: until reinstated; absent: not suspended. */
  suspendedUntil?: Date | null;
}

/** A user in the given state, got there through the aggregate's own methods. */
export function aUser(spec: UserSpec = {}): User {
  const createdAt = spec.createdAt ?? minute(0);
  const email = spec.email ?? `${randomUUID()}@example.com`;
  const checked = spec.emailAsStored ? `${randomUUID()}@example.com` : email;
  const created = new User({ name: 'Ada', surname: 'Lovelace', email: checked, passwordHash: '$argon2id$v=19$fake' }, createdAt);
  // An id or stored email of the test's choosing: the same user restored with it (without its UserCreated).
  const chosen = { id: spec.id ?? created.id, email: spec.emailAsStored ? email : created.email };
  const user = spec.id || spec.emailAsStored ? User.restore({ ...created, ...chosen }) : created;
  if (spec.active) user.activate(selfActor(user.id), createdAt);
  if (spec.role) user.setRole(spec.role, systemActor, createdAt);
  if (spec.suspendedUntil !== undefined) user.suspend('Spam', spec.suspendedUntil, systemActor, createdAt);
  return user;
}

export async function commitAdded(unitOfWork: UnitOfWork, ...users: User[]): Promise<void> {
  for (const user of users) unitOfWork.users.add(user);
  await unitOfWork.commit();
}

type ListQuery = Partial<Omit<UserListQuery, 'order'>> & { order?: UserOrder };

/** Where a test's users are written (each unit of work) and looked up (the directory); asked for once the test runs. */
export interface UserStorage {
  newUnitOfWork(): UnitOfWork;
  directory: UserDirectory;
}

/**
 * The users of one test, named by their email's local part. Every email starts with a prefix of
 * the test's own and every query filters on it, so tests sharing a database see only their rows.
 * Unless told, each user is created a minute after the one made before it.
 */
export function usersOfOneTest(storage: () => UserStorage) {
  const newUnitOfWork = () => storage().newUnitOfWork();
  const prefix = `${randomUUID().slice(0, 8)}-`;
  const byName = new Map<string, User>();
  const names = (users: User[]) => users.map((user) => user.email.slice(prefix.length, user.email.lastIndexOf('@')));
  return {
    prefix,
    make(name: string, spec: UserSpec = {}): User {
      const user = aUser({ createdAt: minute(byName.size), ...spec, email: `${prefix}${name}@example.com` });
      byName.set(name, user);
      return user;
    },
    add: (...users: User[]) => commitAdded(newUnitOfWork(), ...users),
    async remove(...removed: string[]): Promise<void> {
      const unitOfWork = newUnitOfWork();
      for (const name of removed) unitOfWork.users.remove((await unitOfWork.users.findById(byName.get(name)!.id))!, systemActor);
      await unitOfWork.commit();
    },
    position: (name: string, order: UserOrder = 'CREATED_AT_ASC') => positionOf(byName.get(name)!, order),
    /** The names on a page; creation order, all rows, unless told. */
    async list(query: ListQuery = {}): Promise<string[]> {
      const { filter, ...rest } = query;
      const page = await storage().directory.page({
        order: 'CREATED_AT_ASC',
        fromEnd: false,
        limit: 100,
        ...rest,
        filter: { emailStartsWith: prefix, ...filter },
      });
      return names(page);
    },
    count: (filter: UserFilter = {}) => storage().directory.count({ emailStartsWith: prefix, ...filter }),
  };
}
