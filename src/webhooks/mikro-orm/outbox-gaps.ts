import type { MikroORM } from '@mikro-orm/core';

/** How long a missing position may be a transaction still committing before it is checked for good. */
const settleMs = 1000;

interface Gap {
  /** The first missing position after the cursor. */
  at: number;
  seenAt: number;
  /** Once checked: every position up to here is as it will stay (a missing one was rolled back). */
  finalThrough?: number;
}

/**
 * How far a URL's cursor may move over the outbox rows just read. On SQLite, rows commit one at a
 * time in position order: past all of them. On PostgreSQL a position is taken at insert and rows
 * commit in any order, so a missing position may be a transaction still committing: the cursor
 * stops before it (the rows after it are fanned out all the same, and again next time, to no
 * effect). A gap that outlives a commit is checked once: `lock table outbox in share mode` waits
 * for every transaction that inserted into the outbox to end (and holds new ones back meanwhile,
 * at most `lock_timeout`); from then on, a position still missing was rolled back.
 */
export class OutboxGaps {
  readonly #orm: MikroORM;
  readonly #postgres: boolean;
  readonly #gaps = new Map<string, Gap>();

  constructor(orm: MikroORM, postgres: boolean) {
    this.#orm = orm;
    this.#postgres = postgres;
  }

  /** The last of `positions` (read after `cursor`, ascending) the cursor may move to. */
  async passable(url: string, cursor: number, positions: number[]): Promise<number> {
    const last = positions.at(-1)!;
    if (!this.#postgres) return last;
    const gap = this.#gaps.get(url);
    let through = cursor;
    for (const position of positions) {
      if (position !== through + 1 && position - 1 > (gap?.finalThrough ?? cursor)) break;
      through = position;
    }
    if (through === last) {
      if (gap && (gap.finalThrough ?? 0) <= through) this.#gaps.delete(url);
      return through;
    }
    if (gap?.at !== through + 1) this.#gaps.set(url, { at: through + 1, seenAt: Date.now() });
    else if (gap.finalThrough === undefined && Date.now() - gap.seenAt >= settleMs && (await this.#writersEnded())) {
      // The next read, after every writer ended, sees all that will ever be up to `last`.
      gap.finalThrough = last;
    }
    return through;
  }

  /** Waits for the transactions that inserted into the outbox to end; false when that took too long (tried again later). */
  async #writersEnded(): Promise<boolean> {
    try {
      await this.#orm.em.fork().transactional(async (em) => {
        const run = (sql: string) => em.getConnection().execute(sql, [], 'run', em.getTransactionContext());
        await run("set local lock_timeout = '2s'");
        await run('lock table outbox in share mode');
      });
      return true;
    } catch {
      return false;
    }
  }
}
