import type { Logger } from './logger.ts';

const day = 86_400_000;

export interface AuditRetention {
  /** Stops the schedule and waits for a prune under way. */
  stop(): Promise<void>;
}

export interface AuditRetentionOptions {
  /** Deletes the outbox rows older than the cutoff that no delivery waits for; answers how many. */
  prune(cutoff: Date): Promise<number>;
  /** `AUDIT_RETENTION_DAYS`. */
  retentionDays: number;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Prunes the outbox now and then every hour, one prune at a time. The timer does not keep the
 * process alive; a failed prune (the database down) is logged and tried again next time.
 */
export function scheduleAuditRetention(options: AuditRetentionOptions): AuditRetention {
  const { prune, retentionDays, logger, intervalMs = 3_600_000, now = () => new Date() } = options;
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    const cutoff = new Date(now().getTime() - retentionDays * day);
    running = prune(cutoff)
      .then(
        (deleted) => void (deleted > 0 && logger.info({ deleted, cutoff }, 'audit events pruned')),
        // The logger writes a database error by class and code only (see error-log-format.ts).
        (error: unknown) => logger.warn({ err: error }, 'audit events not pruned: trying again at the next round'),
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
