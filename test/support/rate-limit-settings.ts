import type { RateLimitSettings } from '../../src/config/auth.ts';

/** The limits of the use-case and storage tests: the defaults, with the write budget out of the way. */
export const testRateLimitSettings: RateLimitSettings = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 100,
  failureWindowSeconds: 900,
  maxSignUpsPerIpPerHour: 50,
  maxWritesPerAccountPerMinute: 10_000,
};
