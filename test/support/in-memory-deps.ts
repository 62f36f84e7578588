import { Argon2PasswordHasher } from '../../src/infrastructure/argon2-password-hasher.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/jwt-token-issuer.ts';
import { fastArgon2 } from './fast-argon2.ts';

/** Real adapters for the use-case tests: in-memory storage, cheap argon2id, real JWTs. */
export function inMemoryDeps() {
  const store = new InMemoryUserStore();
  const passwordHasher = new Argon2PasswordHasher(fastArgon2);
  const tokenIssuer = new JwtTokenIssuer('use-case-test-secret', 3600);
  return {
    passwordHasher,
    tokenIssuer,
    /** A fresh unit of work with the shared services, as one request gets it. */
    request: () => ({ unitOfWork: new InMemoryUnitOfWork(store), passwordHasher, tokenIssuer }),
  };
}

export const john = { name: 'John', surname: 'Doe', email: 'john@doe.com', password: 'correct horse' };
