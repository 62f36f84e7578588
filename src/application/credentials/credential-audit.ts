import { normaliseEmail } from '../../domain/email.ts';
import { AccountRefusal, DomainError, InvalidCredentialsError, UserNotFoundError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import type { SecurityActor, SignInFailureReason } from '../audit/audit-events.ts';

/**
 * The checks whose every outcome is audited and counted, by the name of their mutation: each
 * checks a password (createUser hashes one), so the edge also allows one of them per document.
 * Each with what its success answers, as clients and the audit lines name it.
 */
const successes = {
  createUser: 'User',
  activate: 'User',
  deactivate: 'User',
  signIn: 'SignInPayload',
  changePassword: 'SignInPayload',
  deleteMe: 'DeletedUser',
} as const;

export type CredentialCheck = keyof typeof successes;
export const credentialChecks = Object.keys(successes) as CredentialCheck[];

/** How one credential check ended: reported once per check, whatever the outcome. */
export interface CredentialOutcome {
  check: CredentialCheck;
  /** What the client is answered: the success (`User`, `SignInPayload`, `DeletedUser`) or the refusal (`InvalidCredentialsError`…). */
  result: string;
  /** The account it concerns, when known: the one found or created, a refused known account, the signed-in caller. */
  userId: string | null;
  /** The email tried, normalised; null for a check of the caller's own password, which takes none. */
  email: string | null;
  /** Why the password check itself failed, when it did: the outcome is also a `SignInFailed` security event. */
  failure: SignInFailureReason | null;
  actor: SecurityActor;
  /** The client's full address (not the /64 an IPv6 client is counted by). */
  clientAddress: string;
}

/** Where the outcomes of credential checks go (the audit sink). */
export interface CredentialAudit {
  /** Resolves once the outcome is recorded: a failed check is written to the outbox first. */
  credentialChecked(outcome: CredentialOutcome): Promise<void>;
}

/** Who tries a check, and from where. */
export interface CheckAttempt {
  /** The email tried, as given; absent: the check is of the signed-in caller's own password. */
  email?: string | undefined;
  /** The signed-in caller whose own password is checked (changePassword, deleteMe). */
  viewer?: User | undefined;
  clientIp: string;
  /** The client's full address; `clientIp` when absent. */
  clientAddress?: string | undefined;
}

/** Names the account an outcome concerns from the moment the check has found it. */
type Found = (user: User) => User;

/**
 * The use case of a credential check, audited: its success, or the domain error it was refused
 * with, is reported once through `deps.credentialAudit`. An unexpected error (an outage) is no
 * outcome: it stays masked, and unreported. The use case gets the attempt with its email
 * normalised, and calls `found` with the account once it knows it, so that a refusal after that
 * (a write limit, a concurrent change) names it.
 */
export function audited<I extends CheckAttempt, D extends { credentialAudit: CredentialAudit }, R>(
  check: CredentialCheck,
  useCase: (attempt: I, deps: D, found: Found) => Promise<R>,
): (input: I, deps: D) => Promise<R> {
  return async (input, deps) => {
    const attempt = normalised(input);
    let userId = input.viewer?.id ?? null;
    let answer: R;
    try {
      answer = await useCase(attempt, deps, (user) => {
        userId = user.id;
        return user;
      });
    } catch (error) {
      if (error instanceof DomainError) await deps.credentialAudit.credentialChecked(outcomeOf(check, attempt, error, userId));
      throw error;
    }
    await deps.credentialAudit.credentialChecked(outcomeOf(check, attempt, null, userId));
    return answer;
  };
}

/** Reports a check refused before its use case ran: at the edge, for invalid input or no valid token. */
export function reportRefusal(check: CredentialCheck, attempt: CheckAttempt, refusal: Error, audit: CredentialAudit): Promise<void> {
  return audit.credentialChecked(outcomeOf(check, normalised(attempt), refusal, attempt.viewer?.id ?? null));
}

/** Normalised once, here: what the check looks up, and what the audit hashes. */
function normalised<A extends CheckAttempt>(attempt: A): A {
  return attempt.email === undefined ? attempt : { ...attempt, email: normaliseEmail(attempt.email) };
}

function outcomeOf(check: CredentialCheck, attempt: CheckAttempt, refusal: Error | null, known: string | null): CredentialOutcome {
  const refused = refusal instanceof AccountRefusal ? refusal.userId : null;
  return {
    check,
    // Each error result is named after its class at the edge (src/graphql/shared/errors.ts).
    result: refusal ? refusal.constructor.name : successes[check],
    userId: refused ?? known,
    email: attempt.email ?? null,
    failure: failureOf(refusal),
    actor: attempt.viewer ? { kind: 'SELF', id: attempt.viewer.id } : { kind: 'ANONYMOUS' },
    clientAddress: attempt.clientAddress ?? attempt.clientIp,
  };
}

/** With uniform errors an unknown email is an InvalidCredentialsError too, with no account. */
function failureOf(refusal: Error | null): SignInFailureReason | null {
  if (refusal instanceof UserNotFoundError) return 'UNKNOWN_EMAIL';
  if (refusal instanceof InvalidCredentialsError) return refusal.userId === null ? 'UNKNOWN_EMAIL' : 'WRONG_PASSWORD';
  return null;
}
