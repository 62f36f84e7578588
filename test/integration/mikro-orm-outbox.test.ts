import { describe } from 'vitest';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { outboxContract } from './outbox.contract.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    outboxContract(`MikroORM on ${backend.name}`, async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      return {
        newUnitOfWork: () => new MikroOrmUnitOfWork(orm.em.fork()),
        auditTrail: new MikroOrmAuditTrail(orm),
        teardown: async () => {
          await orm.close();
          await database.drop();
        },
      };
    });
  });
}
