import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { argon2Environment, productionArgon2 } from '../support/argon2-presets.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { CREATE_USER, ME } from '../support/operations.ts';
import { logLines, type ServerProcess, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const sqlite = databaseBackends[0]!;

const cleanups = cleanupsAfterEach();

/** Whether a new TCP connection to the server is refused. */
const refusesConnections = (origin: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error) => resolve((error as NodeJS.ErrnoException).code === 'ECONNREFUSED'));
  });

/** A request whose body never finishes arriving: it stays in flight until the server gives up on it. */
function hangingRequest(origin: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1', () => {
      socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query"');
      setTimeout(resolve, 100);
    });
    socket.on('error', () => {});
  });
}

const messages = (app: ServerProcess) => logLines(app).map((line) => line.msg);

describe('shutdown', () => {
  it('on SIGTERM under load from 20 connections: every accepted request completes, then exit 0', async () => {
    const database = await sqlite.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { DATABASE_URL: database.url, ...argon2Environment(productionArgon2) },
      { in: 'child process', cleanups },
    );
    const { token, email } = await activeUser(origin);

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
        if (signUp && correct) answeredSignUps.push(newEmail);
      }
    };
    const connections = Array.from({ length: 20 }, (_, index) => connection(index));
    await until(() => answeredSignUps.length >= 10, 20_000);

    const signalled = performance.now();
    stopping = true;
    app.child.kill('SIGTERM');
    await until(async () => await refusesConnections(origin), 1000);
    await Promise.all(connections);
    expect(await app.exitCode).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(10_000);

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
    const database = await sqlite.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer({ DATABASE_URL: database.url }, { in: 'child process', cleanups });
    await hangingRequest(origin);
    app.child.kill('SIGTERM');
    await until(() => messages(app).includes('shutting down: finishing in-flight requests'), 2000);
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(1);
    expect(messages(app).at(-1)).toBe('forcing exit: second SIGTERM while shutting down');
  });

  it('forces the exit once SHUTDOWN_TIMEOUT_MS has passed, with a log line', async () => {
    const database = await sqlite.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { DATABASE_URL: database.url, SHUTDOWN_TIMEOUT_MS: '500' },
      { in: 'child process', cleanups },
    );
    await hangingRequest(origin);
    const signalled = performance.now();
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(1);
    expect(performance.now() - signalled).toBeGreaterThanOrEqual(450);
    expect(messages(app).at(-1)).toBe('forcing exit: shutdown took longer than 500 ms');
  });
});
