import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { argon2Environment, productionArgon2 } from '../support/argon2-presets.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { heldRequest } from '../support/held-request.ts';
import { CREATE_USER, ME } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { refusesConnections } from '../support/refuses-connections.ts';
import { logLines, type ServerProcess, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const cleanups = cleanupsAfterEach();

const messages = (app: ServerProcess) => logLines(app).map((line) => line.msg);

describe('shutdown', () => {
  it('on SIGTERM under load from 20 connections: every accepted request completes, then exit 0', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    // The drain is what is measured, not how long it takes on this machine: SHUTDOWN_TIMEOUT_MS only a last guard.
    const environment = { DATABASE_URL: database.url, ...argon2Environment(productionArgon2), SHUTDOWN_TIMEOUT_MS: String(patienceMs) };
    const { app, origin } = await startServer(environment, { in: 'child process', cleanups });
    const { token, email } = await activeUser(origin);

    const answered = new Set<number>();
    const answeredSignUps: string[] = [];
    const refusedSignUps: string[] = [];
    const wrongAnswers: string[] = [];
    let stopping = false;
    // Half the connections sign up (each hashes for ~100 ms), half read `me`: until refused.
    const connection = async (index: number) => {
      while (true) {
        const signUp = index % 2 === 0;
        const newEmail = `${randomUUID()}@doe.com`;
        const input = { email: newEmail, password: 'correct horse', name: 'Shut', surname: 'Down' };
        const answer = await (signUp ? graphql(origin, CREATE_USER, { input }) : graphql(origin, ME, {}, bearer(token))).catch(() => null);
        if (answer === null) {
          if (!stopping) wrongAnswers.push('a connection failed before SIGTERM');
          if (signUp) refusedSignUps.push(newEmail);
          return;
        }
        const correct = signUp ? answer.body.data?.createUser?.__typename === 'User' : answer.body.data?.me?.email === email;
        if (!correct) wrongAnswers.push(answer.text);
        answered.add(index);
        if (signUp && correct) answeredSignUps.push(newEmail);
      }
    };
    const connections = Array.from({ length: 20 }, (_, index) => connection(index));
    // Under load: every connection has been answered, and has its next request in flight.
    await until(() => answered.size === connections.length, patienceMs);

    stopping = true;
    app.child.kill('SIGTERM');
    await until(async () => await refusesConnections(origin), patienceMs);
    await Promise.all(connections);
    expect(await app.exitCode).toBe(0);

    expect(wrongAnswers).toEqual([]);
    const stored = new Database(database.url.slice('sqlite:'.length)).prepare('select email from users').pluck().all();
    // Every sign-up that was answered is stored; none that was refused is.
    expect(stored).toEqual(expect.arrayContaining(answeredSignUps));
    expect(stored.filter((stored) => refusedSignUps.includes(stored as string))).toEqual([]);
    // Access and audit lines of the requests that finished meanwhile aside, the last word is the shutdown's.
    const lifecycle = messages(app).filter((message) => message !== 'request' && message !== 'audit');
    expect(lifecycle.slice(-2)).toEqual(['shutting down: finishing in-flight requests', 'stopped']);
  });

  it('forces the exit on a second SIGTERM, with a log line', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer({ DATABASE_URL: database.url }, { in: 'child process', cleanups });
    await heldRequest(origin, 'hanging', ME);
    app.child.kill('SIGTERM');
    await until(() => messages(app).includes('shutting down: finishing in-flight requests'), patienceMs);
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(1);
    expect(messages(app).at(-1)).toBe('forcing exit: second SIGTERM while shutting down');
  });

  it('forces the exit once SHUTDOWN_TIMEOUT_MS has passed, with a log line', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { DATABASE_URL: database.url, SHUTDOWN_TIMEOUT_MS: '500' },
      { in: 'child process', cleanups },
    );
    await heldRequest(origin, 'hanging', ME);
    const signalled = performance.now();
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(1);
    expect(performance.now() - signalled).toBeGreaterThanOrEqual(450);
    expect(messages(app).at(-1)).toBe('forcing exit: shutdown took longer than 500 ms');
  });
});
