import type { PerKeyQueue } from '../application/per-key-queue.ts';
import type {
  AuditTrail,
  PasswordHasher,
  RateLimits,
  SecurityEvents,
  TokenIssuer,
  UnitOfWork,
  UserDirectory,
  UserReader,
  WebhookDeliveries,
} from '../application/ports.ts';
import type { User } from '../domain/user.ts';
import type { CredentialOutcome } from './credential-outcomes.ts';

/** What every resolver gets: a unit of work of its own request, the caller, and the shared services. */
export interface GraphQLContext {
  unitOfWork: UnitOfWork;
  /** Users as the next request reads them, outside the unit of work: for a change of one's own account that lost a race. */
  userReader: UserReader;
  /** The users as admins look them up (pages, counts, one by id), outside the unit of work. */
  userDirectory: UserDirectory;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  rateLimits: RateLimits;
  verificationsPerEmail: PerKeyQueue;
  uniformCredentialErrors: boolean;
  /** Where failed credential checks are recorded (security events, each in a transaction of its own). */
  securityEvents: SecurityEvents;
  /** The outbox read as an audit trail (admins' `auditEvents`), outside the request's unit of work. */
  auditTrail: AuditTrail;
  /** The webhook deliveries, for admins (`webhookDeliveries`, `redeliverWebhook`). */
  webhookDeliveries: WebhookDeliveries;
  /**
   * The signed-in user of this request (see currentUser), read once per request, on first need,
   * outside its unit of work: a copy, to read. A use case that changes the account loads it
   * through the unit of work (ownAccount).
   */
  viewer(): Promise<User | null>;
  /**
   * The client as the per-address limits count it: the socket's address, or the client's as told
   * by a trusted proxy; for IPv6, its /64.
   */
  clientIp: string;
  /** The client's full address (an IPv6 client's too), for security events. */
  clientAddress: string;
  /** Called once per credential mutation with how it ended (see credential-outcomes.ts). */
  reportCredentialOutcome(outcome: CredentialOutcome): void;
}
