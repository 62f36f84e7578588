import { DriverException } from '@mikro-orm/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleAuditRetention } from '../../src/infrastructure/audit-retention.ts';
import { capturingLogger } from '../support/capturing-logger.ts';

afterEach(() => void vi.useRealTimers());

const now = new Date('2026-11-24T12:00:00.000Z');
const hour = 3_600_000;

/** Lets the pending promise callbacks run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('scheduleAuditRetention', () => {
  it('prunes what is older than the retention at once, then every hour', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now });
    const cutoffs: Date[] = [];
    const { logger, lines } = capturingLogger();
    const prune = async (cutoff: Date) => {
      cutoffs.push(cutoff);
      return 2;
    };
    const retention = scheduleAuditRetention({ prune, retentionDays: 90, logger });
    await settle();
    expect(cutoffs).toEqual([new Date('2026-08-26T12:00:00.000Z')]);
    await vi.advanceTimersByTimeAsync(hour);
    expect(cutoffs).toEqual([new Date('2026-08-26T12:00:00.000Z'), new Date('2026-08-26T13:00:00.000Z')]);
    expect(lines.filter(({ msg }) => msg === 'audit events pruned').map(({ deleted }) => deleted)).toEqual([2, 2]);
    await retention.stop();
    await vi.advanceTimersByTimeAsync(5 * hour);
    expect(cutoffs).toHaveLength(2);
  });

  it('runs one prune at a time, and stop() waits for the one under way', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let finish = () => {};
    let started = 0;
    let finished = false;
    const prune = () => {
      started += 1;
      return new Promise<number>((resolve) => (finish = () => resolve(0))).finally(() => (finished = true));
    };
    const retention = scheduleAuditRetention({ prune, retentionDays: 1, logger: capturingLogger().logger });
    await vi.advanceTimersByTimeAsync(3 * hour);
    expect(started).toBe(1);
    const stopped = retention.stop();
    finish();
    await stopped;
    expect(finished).toBe(true);
  });

  it('logs a failed prune by class and code only, and tries again next time', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { logger, lines } = capturingLogger();
    const failure = Object.assign(new DriverException(new Error("delete from outbox where payload = 'secret'")), { code: 'SQLITE_BUSY' });
    const prune = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(0);
    const retention = scheduleAuditRetention({ prune, retentionDays: 90, logger });
    await settle();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        err: { type: 'DriverException', code: 'SQLITE_BUSY' },
        msg: 'audit events not pruned: trying again at the next round',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
    await vi.advanceTimersByTimeAsync(hour);
    expect(prune).toHaveBeenCalledTimes(2);
    await retention.stop();
  });
});
