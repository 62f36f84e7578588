import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../../src/domain/email.ts';
import { UserInactiveError } from '../../../src/domain/errors.ts';
import { User } from '../../../src/domain/user.ts';
import { selfActor } from '../../../src/domain/user-events.ts';

const created = new Date('2026-01-01T00:00:00.000Z');
const later = new Date('2026-01-02T00:00:00.000Z');
const details = { name: 'John', surname: 'Doe', email: ' John@Doe.COM ', passwordHash: '$argon2id$hash' };

describe('User', () => {
  it('is created inactive, with a v4 UUID and a normalised email', () => {
    const user = new User(details, created);
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(user).toMatchObject({
      name: 'John',
      surname: 'Doe',
      email: 'john@doe.com',
      active: false,
      createdAt: created,
      updatedAt: created,
    });
  });

  it('gets a different id each time', () => {
    expect(new User(details).id).not.toBe(new User(details).id);
  });

  it('activates, deactivates and activates again, stamping each change', () => {
    const user = new User(details, created);
    user.activate(selfActor(user.id), later);
    expect([user.active, user.updatedAt]).toEqual([true, later]);
    const evenLater = new Date('2026-01-03T00:00:00.000Z');
    user.deactivate(selfActor(user.id), evenLater);
    expect([user.active, user.updatedAt]).toEqual([false, evenLater]);
    user.activate(selfActor(user.id), later);
    expect(user.active).toBe(true);
  });

  it('changes nothing when activated while active or deactivated while inactive', () => {
    const user = new User(details, created);
    user.deactivate(selfActor(user.id), later);
    expect([user.active, user.updatedAt]).toEqual([false, created]);
    user.activate(selfActor(user.id), created);
    user.activate(selfActor(user.id), later);
    expect([user.active, user.updatedAt]).toEqual([true, created]);
  });

  it('refuses sign-in while inactive', () => {
    const user = new User(details);
    expect(() => user.assertCanSignIn()).toThrow(UserInactiveError);
    user.activate(selfActor(user.id));
    expect(() => user.assertCanSignIn()).not.toThrow();
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  John.DOE@Example.Com\t')).toBe('john.doe@example.com');
  });
});
