import type { EntityData, EntityManager, EntityMetadata, MikroORM } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { UserReader } from '../../../application/ports.ts';
import { User, type UserState } from '../../../domain/user.ts';
import { storedUserId } from '../stored-user-id.ts';
import { type UserRow, usersByIds } from './users-by-ids.ts';

/** Callers read in one query at most: bounds the statement's id list. */
const maxBatch = 100;

/**
 * The caller of every request, read fast: a prepared statement, and the reads asked for in one
 * turn of the event loop (the callers of the requests that arrived together) as one query, after
 * that turn. Each is still read after its request arrived, and under load one round trip serves
 * many. The lever of `me`'s throughput (BENCHMARKS.md); without this folder, the composition root
 * reads callers through MikroOrmUserDirectory, and the service works the same, slower.
 */
export class PreparedUserReader implements UserReader {
  readonly #em: EntityManager;
  readonly #meta: EntityMetadata<User>;
  readonly #idColumn: string;
  readonly #batches = new DataLoader<string, UserRow | undefined>((ids) => this.#rowsOf(ids), {
    cache: false,
    batchScheduleFn: (read) => setImmediate(read),
    maxBatchSize: maxBatch,
  });

  constructor(orm: MikroORM) {
    this.#em = orm.em;
    this.#meta = orm.getMetadata().get(User);
    this.#idColumn = this.#meta.properties.id.fieldNames[0]!;
  }

  async findById(id: string): Promise<User | null> {
    const key = storedUserId(id);
    const row = key === null ? undefined : await this.#batches.load(key);
    if (!row) return null;
    // The row is the whole state. The mapping's result mapper turns its columns into properties,
    // dates and booleans included; the users mapping has no custom type whose conversion that
    // leaves out (the contract suite compares every field on both backends).
    return User.restore(this.#em.getDriver().mapResult(row as EntityData<User>, this.#meta) as UserState);
  }

  /** One row (or none) per id, in the order asked. */
  async #rowsOf(ids: readonly string[]): Promise<(UserRow | undefined)[]> {
    const rows = await (await usersByIds(this.#em)).read(ids);
    const byId = new Map(rows.map((row) => [String(row[this.#idColumn]), row]));
    return ids.map((id) => byId.get(id));
  }
}
