import type { Logger } from '../logger.ts';
import { type PruneSchedule, schedulePrunes } from '../prune-schedule.ts';

/**
 * How long the row of an ended or expired session outlives it. Longer than any request takes and
 * than any clock skew between instances: a request that read the session live may still write
 * over its row (a sign-in ending the least recently used, a refresh rotating it) and must find it.
 * Short, as the row holds an address and a user agent; the audit trail keeps SessionEnded.
 */
const sessionRowsOutliveMs = 3_600_000;

/** The session rows of a store, pruned: MikroOrmSessionStore and its in-memory twin. */
export interface PrunableSessions {
  /**
   * Deletes at most `limit` rows of sessions over before `cutoff` (ended, or past their idle or
   * absolute end), each only if still over as it is deleted; answers how many it deleted.
   */
  prune(cutoff: Date, limit: number): Promise<number>;
}

export interface SessionPruningOptions {
  sessions: PrunableSessions;
  logger: Logger;
  /** Rows a statement deletes at most (a SQLite writer holds the file's lock meanwhile). */
  batchSize?: number;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Deletes the rows of sessions over for longer than `sessionRowsOutliveMs`, now and then every
 * hour, a batch at a time (see schedulePrunes). Ended and expired sessions answer as unknown ones
 * do everywhere (refresh, sign-out, revocation, the check of each request), so deleting one changes
 * no answer. Several instances may prune at once: each row is deleted, and counted, once.
 */
export function scheduleSessionPruning({ sessions, batchSize = 1000, ...options }: SessionPruningOptions): PruneSchedule {
  return schedulePrunes({
    ...options,
    what: 'sessions',
    cutoff: (now) => new Date(now.getTime() - sessionRowsOutliveMs),
    prune: (cutoff) => inBatches(sessions, cutoff, batchSize),
  });
}

/** Batch after batch until one comes back short: the round has caught up. */
async function inBatches(sessions: PrunableSessions, cutoff: Date, batchSize: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await sessions.prune(cutoff, batchSize);
    deleted += batch;
    if (batch < batchSize) return deleted;
  }
}
