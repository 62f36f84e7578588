import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { CREATE_USER, ME, SIGN_IN } from '../support/operations.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { logLines, startServer } from '../support/server.ts';

const cleanups = cleanupsAfterEach();

describe.skipIf(!postgresAvailable || !redisAvailable)('two server processes on one PostgreSQL and one Redis', () => {
  it('start together on an empty database, and behave as one service', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const environment = { DATABASE_URL: database.url, REDIS_URL: redisUrl };
    // Both apply the migrations at start, at the same moment: they must take turns.
    const [a, b] = await Promise.all([
      startServer(environment, { in: 'child process', cleanups }),
      startServer(environment, { in: 'child process', cleanups }),
    ]);
    // Only the one that applied them says so.
    const applied = [a, b].map(({ app }) => logLines(app).find((line) => line.msg === 'migrations applied')?.migrations ?? []);
    const migrations = readdirSync('migrations').filter((file) => file.endsWith('.ts')).length;
    expect(applied.map((names) => (names as string[]).length).sort()).toEqual([0, migrations]);

    const user = await activeUser(a.origin);
    expect((await graphql(b.origin, ME, {}, bearer(user.token))).body.data.me.email).toBe(user.email);

    // 40 sign-ups of one email, spread over both: the unique index decides.
    const input = { email: 'race@doe.com', password: 'correct horse', name: 'Race', surname: 'Condition' };
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => graphql([a, b][i % 2]!.origin, CREATE_USER, { input })));
    const outcomes = answers.map((answer) => answer.body.data.createUser.__typename).sort();
    expect(outcomes).toEqual(['User', ...Array(39).fill('EmailTakenError')].sort());

    // Five failures, three on one instance and two on the other, lock the account on both.
    const wrong = { input: { email: user.email, password: 'wrong horse' } };
    for (const origin of [a.origin, b.origin, a.origin, b.origin, a.origin]) {
      expect((await graphql(origin, SIGN_IN, wrong)).body.data.signIn.__typename).toBe('InvalidCredentialsError');
    }
    for (const { origin } of [a, b]) {
      const right = { input: { email: user.email, password: user.password } };
      expect((await graphql(origin, SIGN_IN, right)).body.data.signIn.__typename).toBe('TooManyAttemptsError');
    }
  });
});
