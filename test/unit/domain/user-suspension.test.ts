import { describe, expect, it } from 'vitest';
import { UserInactiveError, UserSuspendedError } from '../../../src/domain/errors.ts';
import { User } from '../../../src/domain/user.ts';
import { selfActor, systemActor } from '../../../src/domain/user-events.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const details = { name: 'John', surname: 'Doe', email: 'john@doe.com', passwordHash: '$argon2id$hash' };

function activeUser(): User {
  const user = new User(details, day(1));
  user.activate(selfActor(user.id), day(1));
  return user;
}

/** What `fn` threw, or null. */
function thrownBy(fn: () => void): unknown {
  try {
    fn();
    return null;
  } catch (error) {
    return error;
  }
}

describe('User: suspension', () => {
  it('starts as an unsuspended USER at token version 0', () => {
    const user = new User(details, day(1));
    expect([user.role, user.suspension, user.isSuspended(day(1)), user.tokenVersion]).toEqual(['USER', null, false, 0]);
  });

  it('records the reason, the end and when it began, revokes the tokens and stamps updatedAt', () => {
    const user = activeUser();
    user.suspend('Spam', day(10), systemActor, day(2));
    expect(user.suspension).toEqual({ reason: 'Spam', until: day(10), suspendedAt: day(2) });
    expect([user.tokenVersion, user.updatedAt, user.active]).toEqual([1, day(2), true]);
  });

  it('is over once `until` has passed: suspended a millisecond before, not at it', () => {
    const user = activeUser();
    user.suspend('Spam', day(10), systemActor, day(2));
    expect([user.isSuspended(day(2)), user.isSuspended(new Date(day(10).getTime() - 1))]).toEqual([true, true]);
    expect([user.isSuspended(day(10)), user.isSuspended(day(11))]).toEqual([false, false]);
  });

  it('without `until`, lasts until reinstated', () => {
    const user = activeUser();
    user.suspend('Spam', null, systemActor, day(2));
    expect(user.isSuspended(new Date(Date.UTC(2100, 0, 1)))).toBe(true);
  });

  it('refuses activate and sign-in with UserSuspendedError, giving the reason and the end', () => {
    const user = new User(details, day(1));
    user.suspend('Spam', day(10), systemActor, day(2));
    for (const refused of [() => user.activate(selfActor(user.id), day(3)), () => user.assertCanSignIn(day(3))]) {
      const error = thrownBy(refused) as UserSuspendedError;
      expect(error).toBeInstanceOf(UserSuspendedError);
      expect([error.code, error.reason, error.until, error.message]).toEqual([
        'USER_SUSPENDED',
        'Spam',
        day(10),
        'This account is suspended until 2026-01-10T00:00:00.000Z',
      ]);
    }
    expect([user.active, user.updatedAt]).toEqual([false, day(2)]);
  });

  it('says "suspended" without an end when there is none', () => {
    const user = activeUser();
    user.suspend('Compromised', null, systemActor, day(2));
    const error = thrownBy(() => user.assertCanSignIn(day(3))) as UserSuspendedError;
    expect([error.reason, error.until, error.message]).toEqual(['Compromised', null, 'This account is suspended']);
  });

  it('lets activate and sign-in through once `until` has passed', () => {
    const user = new User(details, day(1));
    user.suspend('Spam', day(10), systemActor, day(2));
    expect(thrownBy(() => user.assertCanSignIn(day(10)))).toBeInstanceOf(UserInactiveError);
    user.activate(selfActor(user.id), day(10));
    expect([user.active, user.updatedAt, thrownBy(() => user.assertCanSignIn(day(10)))]).toEqual([true, day(10), null]);
  });

  it('reinstate clears it and stamps updatedAt; the revoked tokens stay revoked', () => {
    const user = activeUser();
    user.suspend('Spam', null, systemActor, day(2));
    user.reinstate(systemActor, day(3));
    expect([user.suspension, user.isSuspended(day(3)), user.updatedAt, user.tokenVersion]).toEqual([null, false, day(3), 1]);
    expect([user.suspendedAt, user.suspendedUntil, user.suspensionReason]).toEqual([null, null, null]);
    expect(thrownBy(() => user.assertCanSignIn(day(3)))).toBeNull();
  });

  it('reinstate without a suspension changes nothing, not even updatedAt', () => {
    const user = activeUser();
    const before = { ...user };
    user.reinstate(systemActor, day(5));
    expect({ ...user }).toEqual(before);
  });

  it('suspending again replaces the suspension and revokes the tokens again', () => {
    const user = activeUser();
    user.suspend('Spam', day(10), systemActor, day(2));
    user.suspend('Fraud', null, systemActor, day(4));
    expect([user.suspension, user.tokenVersion]).toEqual([{ reason: 'Fraud', until: null, suspendedAt: day(4) }, 2]);
  });
});

describe('User.isActiveAdmin', () => {
  const admin = (change: (user: User) => void = () => {}) => {
    const user = activeUser();
    user.setRole('ADMIN', systemActor, day(1));
    change(user);
    return user.isActiveAdmin(day(5));
  };

  it('needs the ADMIN role, an active account and no suspension in force', () => {
    expect(admin()).toBe(true);
    expect(activeUser().isActiveAdmin(day(5))).toBe(false);
    expect(admin((user) => user.deactivate(selfActor(user.id), day(2)))).toBe(false);
    expect(admin((user) => user.suspend('Spam', null, systemActor, day(2)))).toBe(false);
    expect(admin((user) => user.suspend('Spam', day(6), systemActor, day(2)))).toBe(false);
    expect(admin((user) => user.suspend('Spam', day(4), systemActor, day(2)))).toBe(true);
  });
});
