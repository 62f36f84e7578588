import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleSessionPruning } from '../../../../src/infrastructure/sessions/session-pruning.ts';
import { capturingLogger } from '../../../support/capturing-logger.ts';
import { countingBatches, day, inMemorySessions, later, signedIn, signedInAndOut, start, storedUser } from '../../../support/sessions.ts';

afterEach(() => void vi.useRealTimers());

const hour = 3600;

describe('scheduleSessionPruning', () => {
  it('deletes at once, then every hour, the rows of sessions over for more than an hour, a batch at a time', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const adapter = await inMemorySessions();
    const user = await storedUser(adapter, 'pruned@example.com');
    // Five sessions signed out at start + 0…4 s; one never used, idle past start + 14 days.
    const ended = await signedInAndOut(adapter, user, 5, start);
    const idle = await signedIn(adapter, user, start);
    const { sessions, batches } = countingBatches(adapter.sessionStore);
    const { logger, lines } = capturingLogger();
    let now = later(start, 2 + hour);
    const pruning = scheduleSessionPruning({ sessions, logger, batchSize: 2, now: () => now });
    await vi.advanceTimersByTimeAsync(0);
    // The first two were over for more than an hour: one full batch, then a short one ends the round.
    expect(batches).toEqual([2, 0]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'sessions pruned', deleted: 2, cutoff: later(start, 2).toISOString() }),
    ]);

    now = later(start, 14 * day + hour);
    await vi.advanceTimersByTimeAsync(hour * 1000);
    expect(batches).toEqual([2, 0, 2, 1]);
    expect(lines.at(-1)).toMatchObject({ msg: 'sessions pruned', deleted: 3 });
    now = later(start, 14 * day + hour + 1);
    await vi.advanceTimersByTimeAsync(hour * 1000);
    expect(batches).toEqual([2, 0, 2, 1, 1]);
    expect(lines.at(-1)).toMatchObject({ msg: 'sessions pruned', deleted: 1 });
    for (const id of [...ended, idle.session.id]) expect(await adapter.sessionStore.findById(id)).toBeNull();

    await pruning.stop();
    await vi.advanceTimersByTimeAsync(5 * hour * 1000);
    expect(batches).toHaveLength(5);
    expect(lines).toHaveLength(3);
  });

  it('logs nothing for a round that deleted nothing', async () => {
    const adapter = await inMemorySessions();
    await signedIn(adapter, await storedUser(adapter, 'live@example.com'), start);
    const { logger, lines } = capturingLogger();
    await scheduleSessionPruning({ sessions: adapter.sessionStore, logger, now: () => later(start, 13 * day) }).stop();
    expect(lines).toEqual([]);
  });
});
