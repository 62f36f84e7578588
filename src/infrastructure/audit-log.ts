import { createHmac, hkdfSync } from 'node:crypto';
import type { Logger } from './logger.ts';

/** How one credential mutation ended (see src/graphql/credential-outcomes.ts), and for whom. */
export interface AuditedOutcome {
  mutation: string;
  /** The result union's member: `User`, `SignInPayload`, `InvalidCredentialsError`… */
  result: string;
  userId: string | null;
  email: string | null;
  /** The client's full address (not the /64 the IPv6 limits count by). */
  clientAddress: string;
  requestId: string | undefined;
}

/**
 * One `info` line with `"audit": true` per credential mutation: what was tried, how it ended,
 * about whom, from where. The account is named by its id; when there is none (an unknown email, a
 * refusal before the lookup), by a keyed hash of the email, so lines about one address can be
 * matched without writing the address down. Never a password, hash or token: none reaches here.
 */
export class AuditLog {
  readonly #logger: Logger;
  /** The hash an audit line gives for a (normalised) email: how an operator finds its lines. */
  readonly emailHash: (email: string) => string;

  /** `secret`: the token secret, from which a key of its own is derived for the email hashes. */
  constructor(logger: Logger, secret: string) {
    this.#logger = logger;
    this.emailHash = emailHasher(secret);
  }

  record(outcome: AuditedOutcome): void {
    const subject = outcome.userId
      ? { userId: outcome.userId }
      : { emailHash: outcome.email === null ? null : this.emailHash(outcome.email) };
    this.#logger.info(
      {
        audit: true,
        requestId: outcome.requestId,
        action: outcome.mutation,
        outcome: outcome.result,
        ...subject,
        clientAddress: outcome.clientAddress,
      },
      'audit',
    );
  }
}

/**
 * A keyed hash of an email (HMAC-SHA256 under a key derived from `secret`, 22 base64url
 * characters): lines and rows about one address can be matched without writing it down. The audit
 * log lines and the outbox's `SignInFailed` rows use the same one.
 */
export function emailHasher(secret: string): (email: string) => string {
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'audit log email hash', 32));
  return (email) => createHmac('sha256', key).update(email).digest('base64url').slice(0, 22);
}
