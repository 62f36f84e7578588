import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { InvalidCredentialsError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { normalisePassword } from '../../../../src/domain/password-policy.ts';
import { fastArgon2 } from '../../../support/argon2-presets.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';

const credentials = { ...johnsCredentials, email: 'JOHN@doe.com ' };

describe('passwords', () => {
  it('are compared in NFKC form: full-width and decomposed input match', async () => {
    expect(normalisePassword('ｃｏｒｒｅｃｔ ｈｏｒｓｅ')).toBe('correct horse');
    expect(normalisePassword('cafe\u0301 au lait')).toBe('café au lait');
    const deps = await inMemoryDeps();
    await createUser({ ...john, password: 'ｃａｆé au lait' }, deps.request());
    const typedElsewhere = { ...johnsCredentials, password: 'cafe\u0301 au lait' };
    expect((await activateUser(typedElsewhere, deps.request())).active).toBe(true);
  });

  it('are hashed again, in the same unit of work, once the argon2 parameters change', async () => {
    const old = await inMemoryDeps();
    const { id } = await createUser(john, old.request());
    const stronger = await inMemoryDeps({ store: old.store, argon2: { ...fastArgon2, memoryCost: 2048 } });
    const storedHash = async () => (await stronger.request().unitOfWork.users.findById(id))!.passwordHash;
    expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=1024,/);

    await activateUser(johnsCredentials, stronger.request());
    expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=2048,p=1,t=2\$/);
    const computations = stronger.passwordHasher.computations;
    await signIn(johnsCredentials, stronger.request());
    expect(stronger.passwordHasher.computations - computations).toBe(1); // a verify, no more rehash
  });

  it('of an unknown email cost a decoy verify and answer InvalidCredentialsError in uniform mode', async () => {
    const deps = await inMemoryDeps({ uniformCredentialErrors: true });
    await createUser(john, deps.request());
    for (const attempt of [
      { ...johnsCredentials, email: 'ghost@doe.com' },
      { ...johnsCredentials, password: 'wrong!!' },
    ]) {
      const before = deps.passwordHasher.computations;
      await expect(signIn(attempt, deps.request())).rejects.toThrow(InvalidCredentialsError);
      expect(deps.passwordHasher.computations - before).toBe(1);
    }
  });
});

for (const [name, changeActivation] of [
  ['activateUser', activateUser],
  ['deactivateUser', deactivateUser],
] as const) {
  describe(`${name}: credential checks`, () => {
    it('answers UserNotFoundError for an unknown email', async () => {
      const deps = await inMemoryDeps();
      await expect(changeActivation({ ...credentials, email: 'nobody@doe.com' }, deps.request())).rejects.toThrow(UserNotFoundError);
    });

    it('answers InvalidCredentialsError for a wrong password, and changes nothing', async () => {
      const deps = await inMemoryDeps();
      const user = await createUser(john, deps.request());
      await activateUser(credentials, deps.request());
      const before = await deps.request().unitOfWork.users.findById(user.id);
      await expect(changeActivation({ ...credentials, password: 'wrong password' }, deps.request())).rejects.toThrow(
        InvalidCredentialsError,
      );
      expect(await deps.request().unitOfWork.users.findById(user.id)).toEqual(before);
    });
  });
}
