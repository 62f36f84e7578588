import type { Logger } from './logger.ts';

export interface PruneSchedule {
  /** Stops the schedule and waits for a prune under way. */
  stop(): Promise<void>;
}

export interface PruneScheduleOptions {
  /** What the rows are, as the log lines name them ("audit events", "sessions"). */
  what: string;
  /** The cutoff of a round run at `now`: what is older goes. */
  cutoff(now: Date): Date;
  /** Deletes what is older than the cutoff; answers how many rows. */
  prune(cutoff: Date): Promise<number>;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Prunes now and then every hour, one prune at a time, logging a round that deleted something. The
 * timer does not keep the process alive; a failed prune (the database down) is logged and tried
 * again next time.
 */
export function schedulePrunes(options: PruneScheduleOptions): PruneSchedule {
  const { what, prune, logger, intervalMs = 3_600_000, now = () => new Date() } = options;
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    const cutoff = options.cutoff(now());
    running = prune(cutoff)
      .then(
        (deleted) => void (deleted > 0 && logger.info({ deleted, cutoff }, `${what} pruned`)),
        // The logger writes a database error by class and code only (see error-log-format.ts).
        (error: unknown) => logger.warn({ err: error }, `${what} not pruned: trying again at the next round`),
      )
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, intervalMs).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
