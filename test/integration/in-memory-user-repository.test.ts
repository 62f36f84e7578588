import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { userRepositoryContract } from './user-repository.contract.ts';

userRepositoryContract('in-memory', async () => {
  const store = new InMemoryUserStore();
  const directory = inMemoryUserDirectory(store);
  return { newUnitOfWork: () => new InMemoryUnitOfWork(store), reader: directory, directory, teardown: async () => {} };
});
