import { afterEach, describe, expect, it } from 'vitest';
import { openRateLimits } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import { databaseBackends, openMigratedOrm, type TestDatabase } from '../support/databases.ts';

const sqlite = databaseBackends[0]!;
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
    database = await sqlite.create();
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
});
