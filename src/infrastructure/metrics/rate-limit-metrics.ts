import { Counter, type Registry } from 'prom-client';
import type { LimitName, RateLimitObserver } from '../rate-limits/open-rate-limits.ts';

/** The limits counted in the shared store; rotationsPerAccount is always in each process's memory. */
const storeLimits: LimitName[] = ['credentialFailuresPerEmail', 'credentialFailuresPerIp', 'signUpsPerIp', 'writesPerAccount'];
const limits: LimitName[] = [...storeLimits, 'rotationsPerAccount'];

/**
 * Refusals by limit (an attack shows here first), and operations this instance counted in its own
 * memory because the shared store (Redis or the database) failed: while that goes up, each
 * instance counts alone and the limits are as many times looser as there are instances.
 */
export function rateLimitCounters(registry: Registry): RateLimitObserver {
  const refusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: `Attempts refused with TooManyAttemptsError, by limit (${limits.join(', ')})`,
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'rate_limit_store_fallbacks_total',
    help: "Rate-limit operations counted in this instance's memory because the shared store did not answer, by limit",
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  // Every limit from the start, at 0: a rate over a series that appears only at its first increment misses it.
  for (const limit of limits) refusals.inc({ limit }, 0);
  for (const limit of storeLimits) fallbacks.inc({ limit }, 0);
  return { refused: (limit) => refusals.inc({ limit }), stoodIn: (limit) => fallbacks.inc({ limit }) };
}
