import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { outboxContract } from './outbox.contract.ts';

outboxContract('in-memory', async () => {
  const store = new InMemoryUserStore();
  return {
    newUnitOfWork: () => new InMemoryUnitOfWork(store),
    auditTrail: new InMemoryAuditTrail(store),
    teardown: async () => {},
  };
});
