import type { AuditQuery, AuditRecord } from '../../application/audit/audit-events.ts';
import type { AuditTrail } from '../../application/ports.ts';
import type { SecurityEventWriter } from '../credential-audit-sink.ts';
import { type SignInFailed, securityRecordOf } from '../outbox-record.ts';
import type { InMemoryUserStore } from './user-store.ts';

/** The in-memory twin of MikroOrmAuditTrail, on the outbox of an in-memory store. */
export class InMemoryAuditTrail implements AuditTrail, SecurityEventWriter {
  readonly #store: InMemoryUserStore;

  constructor(store: InMemoryUserStore) {
    this.#store = store;
  }

  async record(event: SignInFailed): Promise<void> {
    this.#store.outbox.append([securityRecordOf(event)]);
  }

  async page(query: AuditQuery): Promise<AuditRecord[]> {
    return this.#store.outbox.page(query);
  }

  async prune(cutoff: Date): Promise<number> {
    return this.#store.outbox.prune(cutoff);
  }
}
