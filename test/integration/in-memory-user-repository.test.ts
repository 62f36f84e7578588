import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserReader } from '../../src/infrastructure/in-memory/user-reader.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { userRepositoryContract } from './user-repository.contract.ts';

userRepositoryContract('in-memory', async () => {
  const store = new InMemoryUserStore();
  return { newUnitOfWork: () => new InMemoryUnitOfWork(store), reader: inMemoryUserReader(store), teardown: async () => {} };
});
