import type { AuditQuery, AuditRecord, SignInFailed } from '../../application/audit-events.ts';
import type { AuditTrail, SecurityEvents } from '../../application/ports.ts';
import { type AuditTrailOptions, securityRecordOf } from '../outbox-record.ts';
import type { InMemoryUserStore } from './user-store.ts';

/** The in-memory twin of MikroOrmAuditTrail, on the outbox of an in-memory store. */
export class InMemoryAuditTrail implements AuditTrail, SecurityEvents {
  readonly #store: InMemoryUserStore;
  readonly #options: AuditTrailOptions;

  constructor(store: InMemoryUserStore, options: AuditTrailOptions) {
    this.#store = store;
    this.#options = options;
  }

  async record(event: SignInFailed): Promise<void> {
    this.#store.outbox.append([securityRecordOf(event, this.#options.hashEmail)]);
  }

  async page(query: AuditQuery): Promise<AuditRecord[]> {
    return this.#store.outbox.page(query);
  }

  async prune(cutoff: Date): Promise<number> {
    return this.#store.outbox.prune(cutoff);
  }
}
