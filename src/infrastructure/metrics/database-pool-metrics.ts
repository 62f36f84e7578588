import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';

/** What a `pg.Pool` tells of its use (pg-pool always fills in `options.max`). */
export interface PoolUsage {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number | undefined };
}

/**
 * MikroORM's `pg.Pool` on PostgreSQL. SQLite has none: better-sqlite3 is one connection in the
 * process, with nothing to wait for but the file's write lock, so there is nothing to expose.
 */
export async function ormPool(orm: MikroORM): Promise<PoolUsage | undefined> {
  const connection = orm.em.getConnection();
  return connection instanceof PostgreSqlConnection ? await connection.getNativeClient() : undefined;
}

/**
 * Connections of each pool, busy and idle, and queries waiting for one, read at each scrape: a
 * pool at its max with queries waiting is where requests queue before the database sees them.
 * Pools that are undefined (SQLite, Redis) are left out; with none, no gauge is registered.
 */
export function databasePoolGauges(registry: Registry, pools: Record<string, PoolUsage | undefined>): void {
  const present = Object.entries(pools).filter((entry): entry is [string, PoolUsage] => entry[1] !== undefined);
  if (present.length === 0) return;
  new Gauge({
    name: 'database_pool_connections',
    help: 'Open connections of each PostgreSQL pool, busy (state="in_use") or idle (state="idle")',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of present) {
        this.set({ pool, state: 'in_use' }, usage.totalCount - usage.idleCount);
        this.set({ pool, state: 'idle' }, usage.idleCount);
      }
    },
  });
  new Gauge({
    name: 'database_pool_waiting_queries',
    help: 'Queries waiting for a free connection of each PostgreSQL pool',
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of present) this.set({ pool }, usage.waitingCount);
    },
  });
  new Gauge({
    name: 'database_pool_max_connections',
    help: 'The most connections each PostgreSQL pool opens',
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of present) this.set({ pool }, usage.options.max ?? 10);
    },
  });
}
