import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRateLimits } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import { openMigratedOrm, sqliteBackend, type TestDatabase } from '../support/databases.ts';

const settings = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 100,
  failureWindowSeconds: 900,
  maxSignUpsPerIpPerHour: 50,
  maxWritesPerAccountPerMinute: 30,
};

describe('rate-limit counts on SQLite', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.drop());

  it("never wait for the write lock of a commit in progress: a count made while another request's transaction is open passes at once", async () => {
    database = await sqliteBackend.create();
    const orm = await openMigratedOrm(database.url);
    const faults: unknown[] = [];
    // A short lock wait, so that waiting for the lock would show as a fault rather than a hang.
    const timeouts = { connectMs: 200, statementMs: 1000 };
    const limits = await openRateLimits(settings, { databaseUrl: database.url, timeouts, onFault: (error) => faults.push(error) });
    try {
      let counted = false;
      // better-sqlite3 waits for a lock synchronously: the event loop, and with it the open
      // transaction's commit, stand still until the wait gives up.
      await orm.em.fork().transactional(async (em) => {
        await em.getConnection().execute("update users set name = name where id = 'none'", [], 'run', em.getTransactionContext());
        await limits.limits.writesPerAccount.consume('account');
        counted = true;
      });
      expect(counted).toBe(true);
      expect(faults).toEqual([]);
    } finally {
      await limits.close();
      await orm.close();
    }
  });

  it('sweep counts that expired an hour ago every 5 minutes, and stop sweeping at close: no sweep meets a closed file', async () => {
    database = await sqliteBackend.create();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const faults: unknown[] = [];
    try {
      const limits = await openRateLimits(settings, { databaseUrl: database.url, onFault: (error) => faults.push(error) });
      const file = new Database(database.url.slice('sqlite:'.length).replace(/\.db$/, '.rate-limits.db'));
      const keys = () => file.prepare('select key from auth_rate_limits order by key').pluck().all();
      const count = file.prepare('insert into auth_rate_limits (key, points, expire) values (?, 1, ?)');
      count.run('fresh', Date.now() - 3_500_000);
      count.run('stale', Date.now() - 3_600_001);
      await vi.advanceTimersByTimeAsync(299_000);
      expect(keys()).toEqual(['fresh', 'stale']);
      await vi.advanceTimersByTimeAsync(1000);
      expect(keys()).toEqual(['fresh']);
      file.close();
      await limits.close();
      await vi.advanceTimersByTimeAsync(3 * 300_000);
      expect(faults).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
