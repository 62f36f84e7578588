import { createHmac, hkdfSync } from 'node:crypto';
import type { CredentialAudit, CredentialOutcome } from '../application/credentials/credential-audit.ts';
import type { Logger } from './logger.ts';
import type { SignInFailed } from './outbox-record.ts';

/** Where `SignInFailed` rows are written: the outbox, each row at once, in a transaction of its own. */
export interface SecurityEventWriter {
  record(event: SignInFailed): Promise<void>;
}

export interface CredentialAuditParts {
  securityEvents: SecurityEventWriter;
  logger: Logger;
  /** `AUDIT_HASH_KEY`: the key of the email hashes. */
  hashKey: string;
  /** The id of the request being served, if any. */
  requestId: () => string | undefined;
  /** The credential outcome counter; absent when metrics are off. */
  count?: ((outcome: { mutation: string; result: string }) => void) | undefined;
}

/**
 * What one outcome of a credential check becomes: a `SignInFailed` outbox row when the password
 * check failed, one `info` audit line (`"audit": true`) whatever the outcome, and a count. The
 * account is named by its id; when there is none (an unknown email, a refusal before the lookup),
 * by a keyed hash of the email, computed once for the row and the line, so both can be matched
 * without the address being written down. Never a password, hash or token: none reaches here.
 */
export class CredentialAuditSink implements CredentialAudit {
  readonly #parts: CredentialAuditParts;
  readonly #hashEmail: (email: string) => string;

  constructor(parts: CredentialAuditParts) {
    this.#parts = parts;
    this.#hashEmail = emailHasher(parts.hashKey);
  }

  async credentialChecked(outcome: CredentialOutcome): Promise<void> {
    const { userId, email, failure, check, result, clientAddress } = outcome;
    const emailHash = userId === null && email !== null ? this.#hashEmail(email) : null;
    if (failure) {
      const { actor } = outcome;
      const event: SignInFailed = {
        id: crypto.randomUUID(),
        type: 'SignInFailed',
        occurredAt: new Date(),
        userId,
        actor,
        reason: failure,
        emailHash,
        clientAddress,
      };
      await this.#parts.securityEvents.record(event);
    }
    const subject = userId ? { userId } : { emailHash };
    const requestId = this.#parts.requestId();
    this.#parts.logger.info({ audit: true, requestId, action: check, outcome: result, ...subject, clientAddress }, 'audit');
    this.#parts.count?.({ mutation: check, result });
  }
}

/**
 * A keyed hash of an email (HMAC-SHA256 under a key derived from `key`, 22 base64url characters):
 * lines and rows about one address can be matched without writing it down.
 */
export function emailHasher(key: string): (email: string) => string {
  const derived = Buffer.from(hkdfSync('sha256', key, '', 'audit log email hash', 32));
  return (email) => createHmac('sha256', derived).update(email).digest('base64url').slice(0, 22);
}
