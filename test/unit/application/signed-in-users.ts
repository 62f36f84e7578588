import { activateUser } from '../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../src/application/accounts/create-user.ts';
import { currentUser } from '../../../src/application/accounts/current-user.ts';
import { signIn } from '../../../src/application/accounts/sign-in.ts';
import { grantAdmin } from '../../../src/application/admin/grant-admin.ts';
import { suspendUser } from '../../../src/application/admin/suspend-user.ts';
import type { User } from '../../../src/domain/user.ts';
import { inMemoryDeps } from '../../support/in-memory-deps.ts';

/** Users of the use-case tests, signed up, activated and signed in through the use cases themselves. */
export type Deps = Awaited<ReturnType<typeof inMemoryDeps>>;

export interface SignedInUser {
  id: string;
  token: string;
  credentials: { email: string; password: string; clientIp: string };
}

/** `name@doe.com`, with a password of their own. */
export function person(name: string) {
  return { name, surname: 'Doe', email: `${name}@doe.com`, password: `${name} correct horse`, clientIp: '192.0.2.1' };
}

/** Signs `name` up and in: an active USER, or an active ADMIN made by grantAdmin. */
export async function signedIn(deps: Deps, name: string, role: 'USER' | 'ADMIN' = 'USER'): Promise<SignedInUser> {
  const { email, password, clientIp, ...rest } = person(name);
  const credentials = { email, password, clientIp };
  const { id } = await createUser({ ...rest, ...credentials }, deps.request());
  if (role === 'ADMIN') await grantAdmin(email, deps.request());
  else await activateUser(credentials, deps.request());
  const { token } = await signIn(credentials, deps.request());
  return { id, token, credentials };
}

/** Ada, an active admin, and John, an active user, both signed in. */
export async function adaAndJohn() {
  const deps = await inMemoryDeps();
  return { deps, ada: await signedIn(deps, 'ada', 'ADMIN'), john: await signedIn(deps, 'john') };
}

/** One request as the edge makes it: its own unit of work, and the caller read beside it (the UserReader). */
export async function requestBy(deps: Deps, token: string) {
  const request = deps.request();
  const caller = await currentUser(token, request);
  if (!caller) throw new Error('The token was refused');
  return { ...request, viewer: caller.user, session: caller.session };
}

export type SignedInRequest = Awaited<ReturnType<typeof requestBy>>;

/** A request of a signed-in admin, and that admin as the admin use cases take them (their events' actor). */
export async function byAdmin(deps: Deps, admin: SignedInUser) {
  const request = await requestBy(deps, admin.token);
  return { request, admin: request.viewer };
}

/** The id of the user the token signs in, or null when it is refused. */
export async function holderOf(deps: Deps, token: string): Promise<string | null> {
  return (await currentUser(token, deps.request()))?.user.id ?? null;
}

/** The user as committed. */
export function stored(deps: Deps, id: string): Promise<User | null> {
  return deps.request().unitOfWork.users.findById(id);
}

/** Ada, an admin, suspends the user. */
export async function suspend(deps: Deps, ada: SignedInUser, id: string, until: Date | null = null) {
  const request = await requestBy(deps, ada.token);
  return suspendUser({ admin: request.viewer, id, reason: 'Spam', until }, request);
}
