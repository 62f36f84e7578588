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
  });
}
