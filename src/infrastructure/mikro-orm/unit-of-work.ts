import { type EntityManager, type MikroORM, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { SessionUnitOfWork } from '../../application/sessions/session-store.ts';
import { ConcurrentChangeError, EmailTakenError, LastAdminError } from '../../domain/errors.ts';
import { User } from '../../domain/user.ts';
import type { UserEvent } from '../../domain/user-events.ts';
import { type OutboxOptions, OutboxRecord, outboxRecordOf, recordedEvents } from '../outbox-record.ts';
import { MikroOrmSessionRepository } from './sessions/session-repository.ts';
import { activeAdmin } from './user-conditions.ts';
import { MikroOrmUserRepository } from './user-repository.ts';

/** Any number, the same in every instance: commits that may remove an admin take turns on it. */
const adminChangesLock = 4_711_031_908;

/** A forked EntityManager: its own identity map, written in one transaction by `flush()`. */
export class MikroOrmUnitOfWork implements SessionUnitOfWork {
  readonly users: MikroOrmUserRepository;
  readonly sessions: MikroOrmSessionRepository;
  readonly #em: EntityManager;
  readonly #outbox: OutboxOptions;

  constructor(em: EntityManager, outbox: OutboxOptions = {}) {
    this.#em = em;
    this.#outbox = outbox;
    this.users = new MikroOrmUserRepository(em);
    this.sessions = new MikroOrmSessionRepository(em);
  }

  async commit(): Promise<void> {
    const users = [...this.users.seen()];
    const events = recordedEvents(users);
    const removed = [...this.users.removed()];
    const keepAnActiveAdmin = users.some((user) => user.mayTakeAnAdminAway());
    try {
      if (events.length > 0 || removed.length > 0 || this.sessions.changed())
        await this.#commitWithEvents(events, removed, keepAnActiveAdmin);
      else await this.#em.flush();
    } catch (error) {
      // The email index is the users table's only unique constraint besides the random UUID key,
      // and the only arbiter of concurrent sign-ups: every racer passes a read-before-write check.
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      if (error instanceof OptimisticLockError) throw new ConcurrentChangeError();
      throw error;
    }
    // Written: only now do they leave the users. A failed commit left them recorded and wrote none.
    for (const user of users) user.clearRecordedEvents();
    this.users.forgetRemoved();
    const sessionsChanged = this.sessions.changed();
    this.sessions.committed();
    if (events.length > 0 || sessionsChanged) this.#outbox.committed?.();
  }

  /**
   * Writes the deletes (each at its loaded version) and the changes, then the sessions (those the
   * user events end too), then every event to the outbox, in one transaction. When a change may have taken an active admin
   * away, it then counts the active admins in the same transaction and rolls back if none is left;
   * on PostgreSQL such commits first take turns on an advisory lock, so each counts what the one
   * before it committed (SQLite's one writer at a time does the same for free).
   */
  async #commitWithEvents(events: UserEvent[], removed: User[], keepAnActiveAdmin: boolean): Promise<void> {
    await this.#em.begin();
    try {
      if (keepAnActiveAdmin && this.#em.getPlatform() instanceof PostgreSqlPlatform) {
        const transaction = this.#em.getTransactionContext();
        await this.#em.getConnection().execute('select pg_advisory_xact_lock(?)', [adminChangesLock], 'run', transaction);
      }
      await this.#deleteAtLoadedVersions(removed);
      await this.#em.flush();
      const sessionEvents = await this.sessions.write(events);
      await this.#em.insertMany(OutboxRecord, [...events, ...sessionEvents].map(outboxRecordOf));
      if (keepAnActiveAdmin && (await this.#em.count(User, activeAdmin(new Date()))) === 0) throw new LastAdminError();
      await this.#em.commit();
    } catch (error) {
      await this.#em.rollback();
      throw error;
    }
  }

  /**
   * Deletes each removed user only at the version it was loaded at, before the flush (whose own
   * DELETE, by primary key alone, then finds nothing): a change another commit made meanwhile, a
   * suspension say, refuses the delete as it refuses an update.
   */
  async #deleteAtLoadedVersions(removed: User[]): Promise<void> {
    for (const user of removed) {
      const deleted = await this.#em.nativeDelete(User, { id: user.id, version: user.version });
      if (deleted === 0) throw new ConcurrentChangeError();
    }
  }
}

/**
 * A unit of work per request that forks the EntityManager only when a resolver first reaches for
 * the users: a request that loads no user through it (`{ __typename }`; `me`, whose caller the
 * UserReader reads; the admins' queries, which go through the UserDirectory; a refused document)
 * pays no fork (a fork on every request took 1.16-1.48 times the CPU per request, BENCHMARKS.md),
 * and a commit with nothing loaded has nothing to write.
 */
export function mikroOrmUnitOfWorkFactory(orm: MikroORM, outbox: OutboxOptions = {}): () => SessionUnitOfWork {
  return () => {
    let started: MikroOrmUnitOfWork | undefined;
    const work = () => (started ??= new MikroOrmUnitOfWork(orm.em.fork(), outbox));
    return {
      get users() {
        return work().users;
      },
      get sessions() {
        return work().sessions;
      },
      commit: async () => started?.commit(),
    };
  };
}
