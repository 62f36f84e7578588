import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../src/cluster/restart-backoff.ts';

describe('RestartBackoff', () => {
  it('replaces a dead worker at once, then waits twice as long for each further death within a minute, up to 30 s', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 10 }, (_, second) => backoff.delayMs(second * 1000));
    expect(delays).toEqual([0, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('forgets deaths older than a minute', () => {
    const backoff = new RestartBackoff();
    expect([backoff.delayMs(0), backoff.delayMs(1000), backoff.delayMs(2000)]).toEqual([0, 500, 1000]);
    // The first two are a minute old: one death remains in the window besides this one.
    expect(backoff.delayMs(61_000)).toBe(500);
    expect(backoff.delayMs(200_000)).toBe(0);
  });
});
