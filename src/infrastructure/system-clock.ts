import type { Clock } from '../application/ports.ts';

/** The machine's clock: what every running service reads (tests may hand the app a clock of their own). */
export const systemClock: Clock = { now: () => new Date() };
