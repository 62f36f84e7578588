import { currentUser, type SignedIn } from '../application/accounts/current-user.ts';
import type { CredentialAudit } from '../application/credentials/credential-audit.ts';
import { PerKeyQueue } from '../application/credentials/per-key-queue.ts';
import type {
  AuditTrail,
  Clock,
  PasswordHasher,
  RateLimits,
  TokenIssuer,
  UserDirectory,
  UserReader,
  WebhookDeliveries,
} from '../application/ports.ts';
import type { RefreshTokenCodec } from '../application/sessions/refresh-token-codec.ts';
import type { SessionSettings } from '../application/sessions/session-settings.ts';
import type { SessionStore, SessionUnitOfWork } from '../application/sessions/session-store.ts';
import type { Session } from '../domain/session.ts';
import type { User } from '../domain/user.ts';
import type { RefreshCookie } from './sessions/refresh-cookie.ts';

/** The ports every request shares, opened once (see openAdapters), and how credential checks answer. */
export interface Ports {
  /** A fresh unit of work for each request; the edge never sees which adapter makes it. */
  createUnitOfWork: () => SessionUnitOfWork;
  /** Users as the next request reads them, outside the unit of work: the caller, and a change of one's own account that lost a race. */
  userReader: UserReader;
  /** The users as admins look them up (pages, counts, one by id), outside the unit of work. */
  userDirectory: UserDirectory;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  /** Sessions outside the unit of work: every request's check, the session lists, a refresh's rotation. */
  sessionStore: SessionStore;
  refreshTokens: RefreshTokenCodec;
  sessionSettings: SessionSettings;
  rateLimits: RateLimits;
  /** Hears how every credential check ended: the audit line, the metric, the `SignInFailed` row. */
  credentialAudit: CredentialAudit;
  /** The outbox read as an audit trail (admins' `auditEvents`), outside the request's unit of work. */
  auditTrail: AuditTrail;
  /** The webhook deliveries, for admins (`webhookDeliveries`, `redeliverWebhook`). */
  webhookDeliveries: WebhookDeliveries;
  /** Answer an unknown email as a wrong password, as slowly (`AUTH_UNIFORM_ERRORS`). */
  uniformCredentialErrors: boolean;
  /** What time it is for sessions: resolvers pass `clock.now()` to the session use cases. */
  clock: Clock;
}

/** What every resolver gets: the shared ports, a unit of work of its own request, and the caller. */
export interface GraphQLContext extends Omit<Ports, 'createUnitOfWork'> {
  unitOfWork: SessionUnitOfWork;
  /** One verification per email at a time, shared by every request of the process. */
  verificationsPerEmail: PerKeyQueue;
  /**
   * The signed-in user of this request (see currentUser), read once per request, on first need,
   * outside its unit of work: a copy, to read. A use case that changes the account loads it
   * through the unit of work (ownAccount).
   */
  viewer(): Promise<User | null>;
  /** The session of the access token this request came with, read with the viewer: null when not signed in. */
  session(): Promise<Session | null>;
  /** The request's `User-Agent` header, for a session a sign-in starts. */
  userAgent: string | null;
  /**
   * The client as the per-address limits count it: the socket's address, or the client's as told
   * by a trusted proxy; for IPv6, its /64.
   */
  clientIp: string;
  /** The client's full address (an IPv6 client's too), for the audit of credential checks. */
  clientAddress: string;
  /** In cookie mode (`SESSION_COOKIE`), the request's refresh cookie; null in bearer mode. */
  refreshCookie: RefreshCookie | null;
}

/** What the HTTP edge knows of a request when its context is built. */
export interface RequestOrigin {
  /** The `authorization` header, if any. */
  authorization: string | null;
  userAgent: string | null;
  clientIp: string;
  clientAddress: string;
  refreshCookie: RefreshCookie | null;
}

/** Builds each request's context from the shared ports: the one place a context is made. */
export function contextFactory(ports: Ports): (request: RequestOrigin) => GraphQLContext {
  const { createUnitOfWork, ...shared } = ports;
  const verificationsPerEmail = new PerKeyQueue();
  return ({ authorization, userAgent, clientIp, clientAddress, refreshCookie }) => {
    const token = bearerToken(authorization);
    let signedIn: Promise<SignedIn | null> | undefined;
    const caller = () => (signedIn ??= currentUser(token, shared));
    return {
      ...shared,
      unitOfWork: createUnitOfWork(),
      verificationsPerEmail,
      viewer: async () => (await caller())?.user ?? null,
      session: async () => (await caller())?.session ?? null,
      userAgent,
      clientIp,
      clientAddress,
      refreshCookie,
    };
  };
}

function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
