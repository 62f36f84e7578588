import { describe, expect, it } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { EmailTakenError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps, john } from '../../../support/in-memory-deps.ts';

describe('createUser', () => {
  it('stores an inactive user with an argon2id hash of the password, never the password', async () => {
    const deps = await inMemoryDeps();
    const user = await createUser(john, deps.request());
    const stored = await deps.request().unitOfWork.users.findById(user.id);
    expect(stored).toMatchObject({ name: 'John', surname: 'Doe', email: 'john@doe.com', active: false });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain(john.password);
    expect(await deps.passwordHasher.verify(stored!.passwordHash, john.password)).toBe(true);
  });

  it('refuses an email already taken, whatever its case and spaces', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    await expect(createUser({ ...john, email: ' JOHN@doe.com ' }, deps.request())).rejects.toThrow(EmailTakenError);
  });

  it('lets only one of two concurrent sign-ups with one email through', async () => {
    const deps = await inMemoryDeps();
    const results = await Promise.allSettled([createUser(john, deps.request()), createUser(john, deps.request())]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')?.reason).toBeInstanceOf(EmailTakenError);
  });
});
