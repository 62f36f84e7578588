import type { UserReader } from '../../application/ports.ts';
import type { InMemoryUserStore } from './user-store.ts';

/** The in-memory twin of MikroOrmUserReader: the store hands out copies, and no commit writes them. */
export function inMemoryUserReader(store: InMemoryUserStore): UserReader {
  return { findById: async (id) => store.findById(id) };
}
