import { pino } from 'pino';
import { PerKeyQueue } from '../../src/application/credentials/per-key-queue.ts';
import type { RateLimitSettings } from '../../src/config/auth.ts';
import { Argon2PasswordHasher } from '../../src/infrastructure/argon2/argon2-password-hasher.ts';
import { CredentialAuditSink, emailHasher } from '../../src/infrastructure/credential-audit-sink.ts';
import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { openRateLimits, type RateLimitStoreOptions } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import { systemClock } from '../../src/infrastructure/system-clock.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/tokens/jwt-token-issuer.ts';
import { fastArgon2 } from './argon2-presets.ts';
import { CountingPasswordHasher } from './counting-password-hasher.ts';
import { testRateLimitSettings } from './rate-limit-settings.ts';
import { refreshTokens, testSessionSettings } from './sessions.ts';

const jwtOptions = {
  signing: { algorithm: 'HS256', secrets: ['use-case-test-secret'] },
  ttlSeconds: 3600,
  issuer: 'tests',
  audience: 'tests',
} as const;
const auditHashKey = 'use-case-test-audit-key';
/** The keyed hash unknown emails are stored as, in the in-memory trail. */
export const testEmailHash = emailHasher(auditHashKey);

/** Real adapters for the use-case tests: in-memory storage, outbox and limits, cheap argon2id, real JWTs. */
export async function inMemoryDeps(
  options: {
    limits?: Partial<RateLimitSettings>;
    uniformCredentialErrors?: boolean;
    argon2?: typeof fastArgon2;
    /** Another deps' store, to see the same users with other settings. */
    store?: InMemoryUserStore;
    /** Where the rate limits count: in memory unless told. */
    rateLimitStore?: RateLimitStoreOptions;
  } = {},
) {
  const store = options.store ?? new InMemoryUserStore();
  const passwordHasher = new CountingPasswordHasher(new Argon2PasswordHasher(options.argon2 ?? fastArgon2));
  const tokenIssuer = new JwtTokenIssuer(jwtOptions, systemClock);
  const { limits: rateLimits } = await openRateLimits(
    { ...testRateLimitSettings, ...options.limits },
    options.rateLimitStore ?? { databaseUrl: 'sqlite::memory:' },
  );
  const uniformCredentialErrors = options.uniformCredentialErrors ?? false;
  const verificationsPerEmail = new PerKeyQueue();
  const auditTrail = new InMemoryAuditTrail(store);
  const auditLines: Record<string, unknown>[] = [];
  const credentialAudit = new CredentialAuditSink({
    securityEvents: auditTrail,
    logger: pino({ level: 'info' }, { write: (line: string) => void auditLines.push(JSON.parse(line)) }),
    hashKey: auditHashKey,
    requestId: () => undefined,
  });
  const userDirectory = inMemoryUserDirectory(store);
  return {
    store,
    passwordHasher,
    tokenIssuer,
    /** The store's outbox, read newest first; also where the audit sink writes security events. */
    auditTrail,
    /** Every audit line the use cases' outcomes were written as, oldest first. */
    auditLines,
    /** A fresh unit of work with the shared services, as one request gets it. */
    request: () => ({
      unitOfWork: new InMemoryUnitOfWork(store),
      userReader: userDirectory,
      userDirectory,
      passwordHasher,
      tokenIssuer,
      sessionStore: store.sessions,
      refreshTokens,
      sessionSettings: testSessionSettings,
      rateLimits,
      verificationsPerEmail,
      uniformCredentialErrors,
      credentialAudit,
      clock: systemClock,
    }),
  };
}

export const john = {
  name: 'John',
  surname: 'Doe',
  email: 'john@doe.com',
  password: 'correct horse',
  clientIp: '192.0.2.1',
};
export const johnsCredentials = { email: john.email, password: john.password, clientIp: john.clientIp };
