import type { UserDirectory } from '../../application/ports.ts';
import type { InMemoryUserStore } from './user-store.ts';

/** The in-memory twin of MikroOrmUserDirectory (and so of every UserReader): the store hands out copies, and no commit writes them. */
export function inMemoryUserDirectory(store: InMemoryUserStore): UserDirectory {
  return {
    findById: async (id) => store.findById(id),
    page: async (query) => store.list(query),
    count: async (filter) => store.count(filter),
  };
}
