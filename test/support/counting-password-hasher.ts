import type { PasswordHasher } from '../../src/application/ports.ts';

/** The real hasher, counting its argon2 computations, so a test can assert that none happened. */
export class CountingPasswordHasher implements PasswordHasher {
  computations = 0;
  readonly #inner: PasswordHasher;

  constructor(inner: PasswordHasher) {
    this.#inner = inner;
  }

  hash(password: string): Promise<string> {
    this.computations += 1;
    return this.#inner.hash(password);
  }

  verify(hash: string, password: string): Promise<boolean> {
    this.computations += 1;
    return this.#inner.verify(hash, password);
  }

  needsRehash(hash: string): boolean {
    return this.#inner.needsRehash(hash);
  }

  verifyAgainstDecoy(password: string): Promise<void> {
    this.computations += 1;
    return this.#inner.verifyAgainstDecoy(password);
  }

  padFailure(startedAt: number): Promise<void> {
    return this.#inner.padFailure(startedAt);
  }
}
