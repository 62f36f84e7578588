import { MikroORM } from '@mikro-orm/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { failedOldEvents, whatIsLeftOf } from '../support/old-deliveries.ts';

const [a, b] = ['https://a.example/hooks', 'https://b.example/hooks'];
const sqlite = databaseBackends.find(({ name }) => name === 'SQLite')!;

// PostgreSQL's side of this race, with a row lock, is test/e2e/retention-and-redelivery.test.ts.
describe('retention racing a redelivery on SQLite', () => {
  const cleanups = cleanupsAfterEach();

  it('keeps an event redelivered after the prune chose it and before its delete, with all of its deliveries', async () => {
    const database = await sqlite.create();
    cleanups.push(() => database.drop());
    const seeded = await openMigratedOrm(database.url);
    cleanups.push(() => seeded.close());
    const events = await failedOldEvents(seeded, 3, [a, b]);
    const [, redelivered] = events;
    // Another connection to the file, as another worker process has, redelivers the event's delivery to `a`...
    const other = new Database(database.url.slice('sqlite:'.length));
    cleanups.push(async () => other.close());
    const redeliver = other.prepare(
      "update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = ? where event_position = ? and url = ? and status = 'failed'",
    );
    // ...committed just before the prune's first delete, after its choice of what to delete.
    let raced = false;
    const orm = await MikroORM.init({
      ...ormConfig(database.url),
      onQuery: (sql) => {
        if (!raced && /^delete from .?webhook_deliveries/.test(sql))
          raced = redeliver.run(Date.now(), redelivered!.position, a).changes === 1;
        return sql;
      },
    });
    cleanups.push(() => orm.close());

    const deleted = await new MikroOrmAuditTrail(orm).prune(new Date(Date.now() - 30 * 86_400_000));
    expect(raced).toBe(true);
    expect(deleted).toBe(2);
    expect(await whatIsLeftOf(seeded, events)).toEqual([
      { id: redelivered!.id, status: 'pending', attempts: 0 },
      { id: redelivered!.id, status: 'failed', attempts: 5 },
    ]);
  });
});
