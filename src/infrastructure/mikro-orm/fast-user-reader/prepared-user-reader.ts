import type { EntityClass, EntityData, EntityManager, EntityMetadata, MikroORM } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { UserReader } from '../../../application/ports.ts';
import { User, type UserState } from '../../../domain/user.ts';
import { storedUserId } from '../stored-user-id.ts';
import { rowsByIds, type StoredRow } from './rows-by-ids.ts';

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
  readonly #rows: PreparedRowReader<User>;

  constructor(orm: MikroORM) {
    this.#rows = new PreparedRowReader(orm, User, (state) => User.restore(state as UserState));
  }

  findById(id: string): Promise<User | null> {
    return this.#rows.findById(id);
  }
}

/** Rows of one table keyed by a UUID, read as PreparedUserReader reads users (a request's session too). */
export class PreparedRowReader<T extends object> {
  readonly #em: EntityManager;
  readonly #entity: EntityClass<T>;
  readonly #meta: EntityMetadata<T>;
  readonly #restore: (state: EntityData<T>) => T;
  readonly #idColumn: string;
  readonly #batches = new DataLoader<string, StoredRow | undefined>((ids) => this.#rowsOf(ids), {
    cache: false,
    batchScheduleFn: (read) => setImmediate(read),
    maxBatchSize: maxBatch,
  });

  constructor(orm: MikroORM, entity: EntityClass<T>, restore: (state: EntityData<T>) => T) {
    this.#em = orm.em;
    this.#entity = entity;
    this.#meta = orm.getMetadata().get(entity);
    this.#restore = restore;
    this.#idColumn = this.#meta.getPrimaryProps()[0]!.fieldNames[0]!;
  }

  async findById(id: string): Promise<T | null> {
    const key = storedUserId(id);
    const row = key === null ? undefined : await this.#batches.load(key);
    if (!row) return null;
    // The row is the whole state. The mapping's result mapper turns its columns into properties,
    // dates and booleans included; the mappings read so have no custom type whose conversion that
    // leaves out (the contract suites compare every field on both backends).
    return this.#restore(this.#em.getDriver().mapResult(row as EntityData<T>, this.#meta) as EntityData<T>);
  }

  /** One row (or none) per id, in the order asked. */
  async #rowsOf(ids: readonly string[]): Promise<(StoredRow | undefined)[]> {
    const rows = await (await rowsByIds(this.#em, this.#entity)).read(ids);
    const byId = new Map(rows.map((row) => [String(row[this.#idColumn]), row]));
    return ids.map((id) => byId.get(id));
  }
}
