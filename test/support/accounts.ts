import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { expect } from 'vitest';
import { grantAdmin } from '../../src/application/admin/grant-admin.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { ACTIVATE, CREATE_USER, SIGN_IN } from './operations.ts';
import type { SuiteServer } from './server.ts';

export const password = 'correct horse battery';
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
export const failure = (__typename: string, message: string) => ({ __typename, message });
export const notAuthenticated = failure('NotAuthenticatedError', 'Sign in first: this needs a valid bearer token of an active user');
export const forbidden = failure('ForbiddenError', 'Only an admin may do this');
export const lastAdmin = failure('LastAdminError', 'This would leave no active admin: make another user an admin first');
export const notFound = failure('UserNotFoundError', 'No user has this id');
export const invalidCredentials = failure('InvalidCredentialsError', 'The email or password is incorrect');
export const invalid = (path: string[], message: string, code: string) => ({
  __typename: 'ValidationError',
  message: 'The input is invalid',
  fieldErrors: [{ path, message, code }],
});

/** A limit's refusal, with the wait it announces: more than none, at most the limit's window. */
export function expectTooManyAttempts(answer: { retryAfterSeconds: number }, windowSeconds: number) {
  const seconds = answer.retryAfterSeconds;
  expect(answer).toEqual({
    __typename: 'TooManyAttemptsError',
    message: `Too many attempts: try again in ${seconds} seconds`,
    retryAfterSeconds: seconds,
  });
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(windowSeconds);
}

export interface Account {
  id: string;
  email: string;
  token: string;
}

/** The requests of one suite's server, and the accounts its tests need. */
export function clientOf(suite: SuiteServer) {
  /** The answer of the document's one root field; the request itself must have succeeded. */
  // biome-ignore lint: an answer is whatever JSON the server sent.
  async function call(query: string, variables: object = {}, token?: string): Promise<any> {
    const response = await suite.server.graphql(query, variables, token === undefined ? {} : bearer(token));
    expect(response.body.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return Object.values(response.body.data)[0];
  }

  async function signIn(email: string, secret = password): Promise<string> {
    const signedIn = await call(SIGN_IN, { input: { email, password: secret } });
    expect(signedIn.__typename).toBe('SignInPayload');
    return signedIn.token;
  }

  /** A new user, activated unless told, signed in; emails start with `prefix` when given. */
  async function account({ prefix = '', activated = true } = {}): Promise<Account> {
    const email = `${prefix}${randomUUID()}@doe.com`;
    const created = await call(CREATE_USER, { input: { email, password, name: 'Ada', surname: 'Lovelace' } });
    expect(created.__typename).toBe('User');
    if (!activated) return { id: created.id, email, token: '' };
    expect((await call(ACTIVATE, { input: { email, password } })).__typename).toBe('User');
    return { id: created.id, email, token: await signIn(email) };
  }

  /** An admin made as the first one is, with `npm run admin:grant`'s use case on the same database. */
  async function admin(): Promise<Account> {
    const made = await account();
    await grantAdminOn(suite.database.url, made.email);
    return made;
  }

  return { call, signIn, account, admin };
}

export async function grantAdminOn(databaseUrl: string, email: string): Promise<void> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    await grantAdmin(email, { unitOfWork: new MikroOrmUnitOfWork(orm.em.fork()) });
  } finally {
    await orm.close();
  }
}
