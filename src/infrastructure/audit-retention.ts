import type { Logger } from './logger.ts';
import { type PruneSchedule, schedulePrunes } from './prune-schedule.ts';

const day = 86_400_000;

export interface AuditRetentionOptions {
  /** Deletes the outbox rows older than the cutoff that no delivery waits for; answers how many. */
  prune(cutoff: Date): Promise<number>;
  /** `AUDIT_RETENTION_DAYS`. */
  retentionDays: number;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

/** Prunes the outbox of what is older than the retention, now and then every hour (see schedulePrunes). */
export function scheduleAuditRetention({ retentionDays, ...options }: AuditRetentionOptions): PruneSchedule {
  return schedulePrunes({ ...options, what: 'audit events', cutoff: (now) => new Date(now.getTime() - retentionDays * day) });
}
