import { describe, expect, it } from 'vitest';
import { User } from '../../../src/domain/user.ts';
import { selfActor, systemActor } from '../../../src/domain/user-events.ts';

const created = new Date('2026-01-01T00:00:00.000Z');
const later = new Date('2026-01-02T00:00:00.000Z');
const details = { name: 'John', surname: 'Doe', email: 'john@doe.com', passwordHash: '$argon2id$old' };
const aUser = () => new User(details, created);

describe('User.setRole', () => {
  it('changes the role and stamps updatedAt, leaving the tokens valid', () => {
    const user = aUser();
    user.setRole('ADMIN', systemActor, later);
    expect([user.role, user.updatedAt, user.tokenVersion]).toEqual(['ADMIN', later, 0]);
  });

  it('changes nothing, not even updatedAt, when the role is the same', () => {
    const user = aUser();
    const before = { ...user };
    user.setRole('USER', systemActor, later);
    expect({ ...user }).toEqual(before);
  });
});

describe('User.update', () => {
  it('changes what differs, stamps updatedAt and names the changed fields', () => {
    const user = aUser();
    expect(user.update({ name: 'Johnny', surname: 'Doe', email: ' New@Doe.COM ' }, selfActor(user.id), later)).toEqual(['name', 'email']);
    expect([user.name, user.surname, user.email, user.updatedAt]).toEqual(['Johnny', 'Doe', 'new@doe.com', later]);
  });

  it('changes the surname alone', () => {
    const user = aUser();
    expect(user.update({ surname: 'Roe' }, selfActor(user.id), later)).toEqual(['surname']);
    expect([user.name, user.surname, user.email, user.updatedAt]).toEqual(['John', 'Roe', 'john@doe.com', later]);
  });

  it.each([
    ['the same name', { name: 'John' }],
    ['the same email in another case, with spaces', { email: '  JOHN@Doe.com ' }],
    ['the same of every field', { name: 'John', surname: 'Doe', email: 'john@doe.com' }],
    ['nothing', {}],
    ['undefined fields', { name: undefined, surname: undefined, email: undefined }],
  ])('changes nothing, not even updatedAt, given %s', (_, change) => {
    const user = aUser();
    const before = { ...user };
    expect(user.update(change, selfActor(user.id), later)).toEqual([]);
    expect({ ...user }).toEqual(before);
  });

  it('leaves the tokens valid', () => {
    const user = aUser();
    user.update({ email: 'new@doe.com' }, selfActor(user.id), later);
    expect(user.tokenVersion).toBe(0);
  });
});

describe('User: password and tokens', () => {
  it('changePasswordHash stores the new hash, revokes the tokens and stamps updatedAt', () => {
    const user = aUser();
    user.changePasswordHash('$argon2id$new', selfActor(user.id), later);
    expect([user.passwordHash, user.tokenVersion, user.updatedAt]).toEqual(['$argon2id$new', 1, later]);
  });

  it('replacePasswordHash (a rehash of the same password) keeps the tokens and updatedAt', () => {
    const user = aUser();
    user.replacePasswordHash('$argon2id$rehashed');
    expect([user.passwordHash, user.tokenVersion, user.updatedAt]).toEqual(['$argon2id$rehashed', 0, created]);
  });

  it('revokeTokens moves the token version on each call, and nothing else', () => {
    const user = aUser();
    const before = { ...user };
    user.revokeTokens(selfActor(user.id));
    user.revokeTokens(selfActor(user.id));
    expect({ ...user }).toEqual({ ...before, tokenVersion: 2 });
  });
});
