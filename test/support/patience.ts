/**
 * How long a test polls for a state (`until`) before it gives up: a guard against a hang, never
 * what is measured, so it is long enough for a machine shared with other work (one server process
 * took 20 s to start beside two CPU-bound ones) and shorter than the test's own timeout, so that
 * the failure names what never came.
 */
export const patienceMs = 60_000;
