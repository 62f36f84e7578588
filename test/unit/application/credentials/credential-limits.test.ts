import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { InvalidCredentialsError, TooManyAttemptsError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { databaseBackends, openMigratedOrm } from '../../../support/databases.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';
import { redisAvailable, redisUrl } from '../../../support/redis.ts';

const randomAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
const errorName = (error: Error) => error.constructor.name;

const jane = { ...john, email: 'jane@doe.com', name: 'Jane' };
const wrong = { ...johnsCredentials, password: 'wrong password' };

async function activeJohnAndJane(limits: Parameters<typeof inMemoryDeps>[0] = {}) {
  const deps = await inMemoryDeps(limits);
  for (const user of [john, jane]) {
    await createUser(user, deps.request());
    await activateUser({ email: user.email, password: user.password, clientIp: user.clientIp }, deps.request());
  }
  return deps;
}

async function failTimes(times: number, attempt: typeof wrong, deps: Awaited<ReturnType<typeof inMemoryDeps>>) {
  for (let i = 0; i < times; i++) await expect(signIn(attempt, deps.request())).rejects.toThrow(InvalidCredentialsError);
}

describe('credential checks under rate limits', () => {
  it('lock an email after 5 failures, also for the right password, without hashing', async () => {
    const deps = await activeJohnAndJane();
    await failTimes(5, wrong, deps);
    const before = deps.passwordHasher.computations;
    const refusal = await signIn(johnsCredentials, deps.request()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyAttemptsError);
    expect((refusal as TooManyAttemptsError).retryAfterSeconds).toBeGreaterThan(890);
    expect((refusal as TooManyAttemptsError).retryAfterSeconds).toBeLessThanOrEqual(900);
    await expect(activateUser({ ...johnsCredentials, email: ' JOHN@doe.com' }, deps.request())).rejects.toThrow(TooManyAttemptsError);
    expect(deps.passwordHasher.computations).toBe(before);
  });

  it("leave another account's successful check alone", async () => {
    const deps = await activeJohnAndJane();
    await failTimes(5, wrong, deps);
    const result = await signIn({ email: jane.email, password: jane.password, clientIp: john.clientIp }, deps.request());
    expect(result.user.email).toBe('jane@doe.com');
  });

  it('count unknown emails like wrong passwords', async () => {
    const deps = await inMemoryDeps();
    const ghost = { ...johnsCredentials, email: 'ghost@doe.com' };
    for (let i = 0; i < 5; i++) await expect(signIn(ghost, deps.request())).rejects.toThrow(UserNotFoundError);
    await expect(signIn(ghost, deps.request())).rejects.toThrow(TooManyAttemptsError);
  });

  it('start counting afresh after a success', async () => {
    const deps = await activeJohnAndJane();
    await failTimes(4, wrong, deps);
    await signIn(johnsCredentials, deps.request());
    await failTimes(4, wrong, deps);
    expect((await signIn(johnsCredentials, deps.request())).user.email).toBe('john@doe.com');
  });

  it('lock an address after its failures across emails; other addresses go on', async () => {
    const deps = await activeJohnAndJane({ limits: { maxFailuresPerIp: 3 } });
    for (const email of ['a@doe.com', 'b@doe.com', 'c@doe.com']) {
      await expect(signIn({ ...wrong, email }, deps.request())).rejects.toThrow(UserNotFoundError);
    }
    await expect(signIn({ email: jane.email, password: jane.password, clientIp: john.clientIp }, deps.request())).rejects.toThrow(
      TooManyAttemptsError,
    );
    const elsewhere = { email: jane.email, password: jane.password, clientIp: '198.51.100.7' };
    expect((await signIn(elsewhere, deps.request())).user.email).toBe('jane@doe.com');
  });

  it('open again when the window has passed', async () => {
    const deps = await activeJohnAndJane({ limits: { failureWindowSeconds: 1 } });
    await failTimes(5, wrong, deps);
    await expect(signIn(johnsCredentials, deps.request())).rejects.toThrow(TooManyAttemptsError);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await signIn(johnsCredentials, deps.request())).user.email).toBe('john@doe.com');
  });
});

const stores = [
  { name: 'memory', available: true, open: async () => ({ store: undefined, close: async () => {} }) },
  ...databaseBackends.map((backend) => ({
    name: backend.name,
    available: backend.available,
    open: async () => {
      const database = await backend.create();
      await (await openMigratedOrm(database.url)).close();
      return { store: { databaseUrl: database.url }, close: database.drop };
    },
  })),
  {
    name: 'Redis',
    available: redisAvailable,
    open: async () => ({ store: { databaseUrl: 'sqlite::memory:', redisUrl }, close: async () => {} }),
  },
];

for (const store of stores) {
  describe.skipIf(!store.available)(`concurrent guesses, counted in ${store.name}`, () => {
    let opened: Awaited<ReturnType<typeof store.open>>;
    beforeAll(async () => {
      opened = await store.open();
    });
    afterAll(() => opened.close());

    const mutations = { signIn, activate: activateUser, deactivate: deactivateUser };
    for (const [name, mutation] of Object.entries(mutations)) {
      it(`verify at most 5 of 30 concurrent wrong ${name} guesses on one account; the rest are refused unhashed`, async () => {
        const deps = await inMemoryDeps({ rateLimitStore: opened.store });
        // Counts in Redis outlive the test: an email of this run's own.
        const email = `${randomUUID()}@doe.com`;
        await createUser({ ...john, email, clientIp: randomAddress() }, deps.request());
        const before = deps.passwordHasher.computations;
        const guesses = Array.from({ length: 30 }, (_, i) => ({ email, password: `wrong guess ${i}`, clientIp: randomAddress() }));
        const outcomes = await Promise.all(guesses.map((guess) => mutation(guess, deps.request()).catch(errorName)));
        expect(outcomes.filter((outcome) => outcome === 'InvalidCredentialsError')).toHaveLength(5);
        expect(outcomes.filter((outcome) => outcome === 'TooManyAttemptsError')).toHaveLength(25);
        expect(deps.passwordHasher.computations - before).toBe(5);
      });
    }

    it('verify at most the per-address limit of concurrent unknown emails from one address', async () => {
      const deps = await inMemoryDeps({ limits: { maxFailuresPerIp: 10 }, rateLimitStore: opened.store });
      const clientIp = randomAddress();
      const guesses = Array.from({ length: 50 }, () => ({ email: `${randomUUID()}@doe.com`, password: 'wrong', clientIp }));
      const outcomes = await Promise.all(guesses.map((guess) => signIn(guess, deps.request()).catch(errorName)));
      expect(outcomes.filter((outcome) => outcome === 'UserNotFoundError')).toHaveLength(10);
      expect(outcomes.filter((outcome) => outcome === 'TooManyAttemptsError')).toHaveLength(40);
    });
  });
}

describe('concurrent guesses on one account', () => {
  it('verify one password of an account at a time, so a burst on one account queues no hashes ahead of others', async () => {
    const deps = await activeJohnAndJane();
    let inFlight = 0;
    let most = 0;
    const verify = deps.passwordHasher.verify.bind(deps.passwordHasher);
    deps.passwordHasher.verify = async (hash, password) => {
      most = Math.max(most, ++inFlight);
      try {
        return await verify(hash, password);
      } finally {
        inFlight -= 1;
      }
    };
    await Promise.all(Array.from({ length: 4 }, () => signIn(wrong, deps.request()).catch(() => null)));
    expect(most).toBe(1);
  });
});

describe('createUser under its rate limit', () => {
  it('refuses the sign-up past the limit per address, before hashing', async () => {
    const deps = await inMemoryDeps({ limits: { maxSignUpsPerIpPerHour: 2 } });
    await createUser({ ...john, email: 'one@doe.com' }, deps.request());
    await createUser({ ...john, email: 'two@doe.com' }, deps.request());
    const before = deps.passwordHasher.computations;
    const refusal = await createUser({ ...john, email: 'three@doe.com' }, deps.request()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyAttemptsError);
    expect((refusal as TooManyAttemptsError).retryAfterSeconds).toBeGreaterThan(3590);
    expect(deps.passwordHasher.computations).toBe(before);
    expect((await createUser({ ...john, clientIp: '198.51.100.7' }, deps.request())).email).toBe('john@doe.com');
  });
});
