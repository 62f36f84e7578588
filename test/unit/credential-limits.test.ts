import { describe, expect, it } from 'vitest';
import { activateUser } from '../../src/application/activate-user.ts';
import { createUser } from '../../src/application/create-user.ts';
import { signIn } from '../../src/application/sign-in.ts';
import { InvalidCredentialsError, TooManyAttemptsError, UserNotFoundError } from '../../src/domain/errors.ts';
import { inMemoryDeps, john, johnsCredentials } from '../support/in-memory-deps.ts';

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
    await expect(activateUser({ ...johnsCredentials, email: ' JOHN@doe.com' }, deps.request())).rejects.toThrow(
      TooManyAttemptsError,
    );
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
