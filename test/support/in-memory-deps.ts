import { PerKeyQueue } from '../../src/application/per-key-queue.ts';
import type { RateLimitSettings } from '../../src/config/auth.ts';
import { Argon2PasswordHasher } from '../../src/infrastructure/argon2-password-hasher.ts';
import { emailHasher } from '../../src/infrastructure/audit-log.ts';
import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/jwt-token-issuer.ts';
import { openRateLimits, type RateLimitStoreOptions } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import { CountingPasswordHasher } from './counting-password-hasher.ts';
import { fastArgon2 } from './fast-argon2.ts';

const jwtOptions = { secret: 'use-case-test-secret', ttlSeconds: 3600, issuer: 'tests', audience: 'tests' };
/** The keyed hash the in-memory trail stores unknown emails as. */
export const testEmailHash = emailHasher(jwtOptions.secret);
const defaultLimits: RateLimitSettings = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 100,
  failureWindowSeconds: 900,
  maxSignUpsPerIpPerHour: 50,
  maxWritesPerAccountPerMinute: 10_000,
};

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
  const tokenIssuer = new JwtTokenIssuer(jwtOptions);
  const { limits: rateLimits } = await openRateLimits(
    { ...defaultLimits, ...options.limits },
    options.rateLimitStore ?? { databaseUrl: 'sqlite::memory:' },
  );
  const uniformCredentialErrors = options.uniformCredentialErrors ?? false;
  const verificationsPerEmail = new PerKeyQueue();
  const auditTrail = new InMemoryAuditTrail(store, { hashEmail: testEmailHash });
  const userDirectory = inMemoryUserDirectory(store);
  return {
    store,
    passwordHasher,
    tokenIssuer,
    /** The store's outbox, read newest first; also where the use cases record security events. */
    auditTrail,
    /** A fresh unit of work with the shared services, as one request gets it. */
    request: () => ({
      unitOfWork: new InMemoryUnitOfWork(store),
      userReader: userDirectory,
      userDirectory,
      passwordHasher,
      tokenIssuer,
      rateLimits,
      verificationsPerEmail,
      uniformCredentialErrors,
      securityEvents: auditTrail,
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
