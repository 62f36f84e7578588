import { setTimeout } from 'node:timers/promises';
import argon2 from 'argon2';
import pLimit, { type LimitFunction } from 'p-limit';
import type { PasswordHasher } from '../../application/ports.ts';
import type { Argon2Settings } from '../../config/runtime.ts';

/** Hears how long each hash and verify ran, its wait for a slot excluded: for the metrics. */
export interface HashTimings {
  ran(kind: 'hash' | 'verify', seconds: number): void;
}

/** Hashes and verifies running now, and waiting for a slot. */
export interface HashLoad {
  running: number;
  queued: number;
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
  /** How long one verify took, by kind of hash (`m=65536,t=3,p=4`), as last measured. */
  readonly #verifyMs = new Map<string, number>();
  readonly #timings: HashTimings | undefined;

  constructor(options: Argon2Settings, timings?: HashTimings) {
    this.#limit = pLimit(options.maxConcurrent);
    this.#timings = timings;
    this.#options = {
      type: argon2.argon2id,
      memoryCost: options.memoryCost,
      timeCost: options.timeCost,
      parallelism: options.parallelism,
    };
  }

  hash(password: string): Promise<string> {
    return this.#limit(async () => {
      const started = performance.now();
      const hash = await argon2.hash(password, this.#options);
      this.#timings?.ran('hash', (performance.now() - started) / 1000);
      return hash;
    });
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.#limit(async () => {
      const started = performance.now();
      const verified = await argon2.verify(hash, password);
      const ms = performance.now() - started;
      this.#verifyMs.set(kindOf(hash), ms);
      this.#timings?.ran('verify', ms / 1000);
      return verified;
    });
  }

  /** Read when metrics are scraped: how full the hash queue is. */
  get load(): HashLoad {
    return { running: this.#limit.activeCount, queued: this.#limit.pendingCount };
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.#options);
  }

  async verifyAgainstDecoy(password: string): Promise<void> {
    this.#decoyHash ??= this.hash(crypto.randomUUID());
    await this.verify(await this.#decoyHash, password);
  }

  async padFailure(startedAt: number): Promise<void> {
    const wait = startedAt + Math.max(0, ...this.#verifyMs.values()) - performance.now();
    if (wait > 0) await setTimeout(wait);
  }

  /**
   * Times one verify of each kind of hash in use (hashes, or their `$argon2id$v=19$m=…$`
   * prefixes), and makes the decoy: from the first request on, an unknown email and a wrong
   * password on any account answer as slowly as a verify of the slowest of them.
   */
  async measure(hashesInUse: string[]): Promise<void> {
    await this.verifyAgainstDecoy('');
    for (const hash of hashesInUse) {
      if (this.#verifyMs.has(kindOf(hash))) continue;
      const parameters = Object.fromEntries(
        kindOf(hash)
          .split(',')
          .map((pair) => pair.split('=')),
      );
      const { m, t, p } = parameters as Record<'m' | 't' | 'p', string>;
      const decoy = await argon2.hash(crypto.randomUUID(), {
        type: argon2.argon2id,
        memoryCost: Number(m),
        timeCost: Number(t),
        parallelism: Number(p),
      });
      await this.verify(decoy, '');
    }
  }
}

/** `$argon2id$v=19$m=65536,t=3,p=4$salt$digest` → `m=65536,t=3,p=4`. */
function kindOf(hash: string): string {
  return hash.split('$')[3] ?? '';
}
