import { randomUUID } from 'node:crypto';
import type { Cleanups } from './cleanups.ts';
import { ACTIVATE, CREATE_USER, SIGN_IN } from './operations.ts';
import { type SpawnedApp, spawnApp } from './spawn-app.ts';

/** argon2id at its lowest cost, for processes that need many hashes quickly. */
export const cheapArgon2 = { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '2', ARGON2_PARALLELISM: '1' };

export interface Answer {
  status: number;
  text: string;
  // biome-ignore lint: a response body is whatever JSON the server sent.
  body: any;
  ms: number;
}

/** One GraphQL request over a connection of its own, timed. */
export async function graphql(
  origin: string,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text), ms: performance.now() - started };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new user, signed up, activated and signed in through `origin`. */
export async function activeUser(origin: string, password = 'correct horse') {
  const email = `${randomUUID()}@doe.com`;
  const input = { email, password };
  const created = await graphql(origin, CREATE_USER, { input: { ...input, name: 'Process', surname: 'Test' } });
  if (created.body.data?.createUser?.__typename !== 'User') throw new Error(`sign-up failed: ${created.text}`);
  await graphql(origin, ACTIVATE, { input });
  const signedIn = await graphql(origin, SIGN_IN, { input });
  return { email, password, token: signedIn.body.data.signIn.token as string };
}

/**
 * Every request of these tests comes from 127.0.0.1, and counts kept in Redis outlive a test run:
 * the per-address limits, tested on their own elsewhere, must not decide these tests.
 */
const generousAddressLimits = { CREATE_USER_MAX_PER_IP: '100000', AUTH_MAX_FAILURES_PER_IP: '100000' };

/** Spawns `node src/main.ts`; `cleanups` gets what ends it. */
export async function startProcess(environment: NodeJS.ProcessEnv, cleanups: Cleanups): Promise<{ app: SpawnedApp; origin: string }> {
  const app = spawnApp({
    JWT_SECRET: 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=',
    ...cheapArgon2,
    ...generousAddressLimits,
    ...environment,
  });
  cleanups.push(async () => {
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    await app.exitCode;
  });
  const origin = await app.origin;
  if (!origin) throw new Error(`the server did not start: ${app.stderr()}`);
  return { app, origin };
}

/** Polls until `attempt` passes; resolves with the time it took, or throws past `limitMs`. */
export async function until(attempt: () => boolean | Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!(await attempt())) {
    if (performance.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - started;
}
