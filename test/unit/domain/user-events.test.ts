import { describe, expect, it } from 'vitest';
import { UserSuspendedError } from '../../../src/domain/errors.ts';
import { User } from '../../../src/domain/user.ts';
import { adminActor, selfActor, systemActor } from '../../../src/domain/user-events.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const details = { name: 'John', surname: 'Doe', email: ' John@Doe.COM ', passwordHash: '$argon2id$v=19$secret-hash' };
const admin = adminActor('6f1c1f7e-3d3e-4a43-9b55-0c6b3a1f2e10');
const self = (user: User) => selfActor(user.id);

/** A user created on day 1 whose creation event is already written, as one loaded from storage. */
function stored(): User {
  const user = new User(details, day(1));
  user.clearRecordedEvents();
  return user;
}

const activeUser = () => {
  const user = stored();
  user.activate(self(user), day(1));
  user.clearRecordedEvents();
  return user;
};

/** The recorded events without their random ids. */
const recorded = (user: User) => user.recordedEvents().map(({ id: _id, ...event }) => event);

describe('User: domain events', () => {
  it('records UserCreated on creation, by the user themself, with the normalised email and no hash', () => {
    const user = new User(details, day(1));
    expect(recorded(user)).toEqual([
      {
        type: 'UserCreated',
        occurredAt: day(1),
        userId: user.id,
        actor: { kind: 'SELF', id: user.id },
        payload: { email: 'john@doe.com', name: 'John', surname: 'Doe', role: 'USER' },
      },
    ]);
    expect(user.recordedEvents()[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ['activate', (user: User) => user.activate(self(user), day(2)), stored, 'UserActivated', {}],
    ['deactivate', (user: User) => user.deactivate(self(user), day(2)), activeUser, 'UserDeactivated', {}],
    ['signIn', (user: User) => user.signIn(self(user), day(2)), activeUser, 'UserSignedIn', {}],
    ['changePasswordHash', (user: User) => user.changePasswordHash('$argon2id$new', self(user), day(2)), activeUser, 'PasswordChanged', {}],
    ['revokeTokens', (user: User) => user.revokeTokens(self(user), day(2)), activeUser, 'TokensRevoked', {}],
    [
      'update',
      (user: User) => user.update({ name: 'Johnny' }, self(user), day(2)),
      activeUser,
      'UserUpdated',
      { changed: ['name'], name: 'Johnny' },
    ],
    ['recordDeletion', (user: User) => user.recordDeletion(self(user), day(2)), activeUser, 'UserDeleted', {}],
  ] as const)('records what %s did, by the user themself as told', (_, change, given, type, payload) => {
    const user = given();
    change(user);
    expect(recorded(user)).toEqual([{ type, occurredAt: day(2), userId: user.id, actor: { kind: 'SELF', id: user.id }, payload }]);
  });

  it.each([
    ['suspend', (user: User) => user.suspend('Spam', day(9), admin, day(2)), 'UserSuspended', { reason: 'Spam', until: day(9) }],
    ['setRole', (user: User) => user.setRole('ADMIN', admin, day(2)), 'RoleChanged', { from: 'USER', to: 'ADMIN' }],
    [
      'update',
      (user: User) => user.update({ email: 'NEW@doe.com', surname: 'Roe' }, admin, day(2)),
      'UserUpdated',
      {
        changed: ['surname', 'email'],
        surname: 'Roe',
        email: 'new@doe.com',
      },
    ],
    ['deactivate', (user: User) => user.deactivate(admin, day(2)), 'UserDeactivated', {}],
    ['recordDeletion', (user: User) => user.recordDeletion(admin, day(2)), 'UserDeleted', {}],
  ] as const)('records what an admin did by %s, with the admin as actor', (_, change, type, payload) => {
    const user = activeUser();
    change(user);
    expect(recorded(user)).toEqual([{ type, occurredAt: day(2), userId: user.id, actor: admin, payload }]);
  });

  it('records UserReinstated by the admin who lifted the suspension', () => {
    const user = activeUser();
    user.suspend('Spam', null, admin, day(2));
    user.clearRecordedEvents();
    user.reinstate(admin, day(3));
    expect(recorded(user)).toEqual([{ type: 'UserReinstated', occurredAt: day(3), userId: user.id, actor: admin, payload: {} }]);
  });

  it('names the system as actor when told (the admin:grant command)', () => {
    const user = stored();
    user.activate(systemActor, day(2));
    user.setRole('ADMIN', systemActor, day(2));
    expect(recorded(user).map(({ type, actor }) => [type, actor])).toEqual([
      ['UserActivated', { kind: 'SYSTEM' }],
      ['RoleChanged', { kind: 'SYSTEM' }],
    ]);
  });

  it('records every change in order, until cleared', () => {
    const user = new User(details, day(1));
    user.activate(self(user), day(2));
    user.signIn(self(user), day(3));
    user.update({ name: 'Johnny' }, self(user), day(4));
    expect(recorded(user).map(({ type }) => type)).toEqual(['UserCreated', 'UserActivated', 'UserSignedIn', 'UserUpdated']);
    user.clearRecordedEvents();
    expect(user.recordedEvents()).toEqual([]);
  });

  it.each([
    ['activating an active user', activeUser, (user: User) => user.activate(self(user), day(2))],
    ['deactivating an inactive user', stored, (user: User) => user.deactivate(self(user), day(2))],
    ['reinstating a user who is not suspended', activeUser, (user: User) => user.reinstate(admin, day(2))],
    ['giving the role the user has', activeUser, (user: User) => user.setRole('USER', admin, day(2))],
    [
      'an update that changes nothing',
      activeUser,
      (user: User) => user.update({ name: 'John', email: 'JOHN@doe.com' }, self(user), day(2)),
    ],
    ['renewing the hash of the same password', activeUser, (user: User) => user.replacePasswordHash('$argon2id$rehashed')],
  ])('records nothing for %s', (_, given, change) => {
    const user = given();
    change(user);
    expect(user.recordedEvents()).toEqual([]);
  });

  it('records nothing for a refused change: signing in or activating while suspended', () => {
    const user = activeUser();
    user.suspend('Spam', null, admin, day(2));
    user.clearRecordedEvents();
    expect(() => user.signIn(self(user), day(3))).toThrow(UserSuspendedError);
    expect(() => user.activate(self(user), day(3))).toThrow(UserSuspendedError);
    expect(user.recordedEvents()).toEqual([]);
  });

  it('never puts a password hash in a payload', () => {
    const user = new User(details, day(1));
    user.activate(self(user), day(2));
    user.changePasswordHash('$argon2id$v=19$another-secret', self(user), day(3));
    expect(JSON.stringify(user.recordedEvents())).not.toMatch(/argon2|secret/);
  });

  it("keeps the events out of the user's own fields: copies, spreads and comparisons do not see them", () => {
    const user = new User(details, day(1));
    const before = { ...user };
    user.update({ name: 'Johnny' }, self(user), day(2));
    expect(Object.keys(user)).toEqual(Object.keys(before));
    expect(User.restore(user).recordedEvents()).toEqual([]);
    expect(user.recordedEvents()).toHaveLength(2);
  });

  it('a user made without the constructor (restored, or hydrated by MikroORM) starts with no events', () => {
    const hydrated = User.restore({ ...stored(), active: true });
    expect(hydrated.recordedEvents()).toEqual([]);
    hydrated.deactivate(self(hydrated), day(2));
    expect(recorded(hydrated).map(({ type }) => type)).toEqual(['UserDeactivated']);
  });
});
