import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`migrations on ${backend.name}`, () => {
    it('leave no difference between the database and the entity mapping, and undo cleanly', async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      try {
        expect(await orm.migrator.getPending()).toEqual([]);
        expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
        await orm.migrator.down({ to: 0 });
        expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toContain('create table');
        await orm.migrator.up();
        expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
      } finally {
        await orm.close();
        await database.drop();
      }
    });

    it('spell the actor kinds of the rows written before as the API does: SELF, ADMIN, SYSTEM, ANONYMOUS', async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      try {
        await orm.migrator.down({ to: 'Migration20261201090000_WebhookCursors' });
        const connection = orm.em.getConnection();
        for (const kind of ['self', 'admin', 'system', 'anonymous']) {
          await connection.execute(
            `insert into "outbox" ("id", "type", "occurred_at", "actor_kind", "payload") values (?, 'UserUpdated', '2026-12-01T00:00:00Z', ?, '{}')`,
            [randomUUID(), kind],
          );
        }
        await orm.migrator.up();
        const rows: { actor_kind: string }[] = await connection.execute('select "actor_kind" from "outbox" order by "position"');
        expect(rows.map((row) => row.actor_kind)).toEqual(['SELF', 'ADMIN', 'SYSTEM', 'ANONYMOUS']);
      } finally {
        await orm.close();
        await database.drop();
      }
    });
  });
}
