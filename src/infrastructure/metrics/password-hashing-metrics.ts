import { Gauge, Histogram, type Registry } from 'prom-client';
import type { HashLoad, HashTimings } from '../argon2/argon2-password-hasher.ts';

/**
 * How long each argon2 hash and verify ran, its wait for a slot excluded: the cost the
 * `ARGON2_*` parameters set (about 0.1 s each by default), which tuning them should watch.
 */
export function hashDurationHistogram(registry: Registry): HashTimings {
  const histogram = new Histogram({
    name: 'password_hash_duration_seconds',
    help: 'Time one argon2 hash (kind="hash") or verify (kind="verify") ran, excluding its wait for a slot',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
    registers: [registry],
  });
  for (const kind of ['hash', 'verify']) histogram.zero({ kind });
  return { ran: (kind, seconds) => histogram.observe({ kind }, seconds) };
}

/**
 * Hashes running and waiting behind the HASH_CONCURRENCY cap, read at each scrape: a queue that
 * stays above zero means sign-ins wait for hashing, not for the database.
 */
export function hashLoadGauge(registry: Registry, hasher: { readonly load: HashLoad }): void {
  new Gauge({
    name: 'password_hash_operations',
    help: 'Argon2 hashes and verifies running now (state="running") and waiting for a slot (state="queued")',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { running, queued } = hasher.load;
      this.set({ state: 'running' }, running);
      this.set({ state: 'queued' }, queued);
    },
  });
}
