import argon2 from 'argon2';
import pLimit, { type LimitFunction } from 'p-limit';
import type { PasswordHasher } from '../application/ports.ts';

export interface Argon2Options {
  /** KiB per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  /** Hashes running at once; the rest wait their turn. */
  maxConcurrent: number;
}

/**
 * argon2id on the libuv thread pool. Hashes are capped so a burst of sign-ins cannot take every
 * pool thread (starving file I/O, DNS and WebCrypto) nor 64 MiB per request without bound.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  readonly #limit: LimitFunction;
  readonly #options: argon2.HashOptions & { raw?: false };
  /** A hash of a random password with the current parameters, made on first need. */
  #decoyHash: Promise<string> | undefined;

  constructor(options: Argon2Options) {
    this.#limit = pLimit(options.maxConcurrent);
    this.#options = {
      type: argon2.argon2id,
      memoryCost: options.memoryCost,
      timeCost: options.timeCost,
      parallelism: options.parallelism,
    };
  }

  hash(password: string): Promise<string> {
    return this.#limit(() => argon2.hash(password, this.#options));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.#limit(() => argon2.verify(hash, password));
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.#options);
  }

  async verifyAgainstDecoy(password: string): Promise<void> {
    this.#decoyHash ??= this.hash(crypto.randomUUID());
    await this.verify(await this.#decoyHash, password);
  }
}
