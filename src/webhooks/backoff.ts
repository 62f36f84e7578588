export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * How long to wait after the n-th failed attempt (n ≥ 1): base·2^(n-1), at most `maxMs`, of which
 * a random half is taken off ("equal jitter"), so that instances and events retrying a receiver
 * that comes back do not all knock at the same instant.
 */
export function backoffMs(failedAttempts: number, { baseMs, maxMs }: BackoffPolicy, random: () => number = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.min(failedAttempts - 1, 40));
  return Math.round(full / 2 + (random() * full) / 2);
}
