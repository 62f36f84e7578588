import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { argon2Environment, productionArgon2 } from '../support/argon2-presets.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, sqliteBackend } from '../support/databases.ts';
import { type HeldRequest, heldRequest } from '../support/held-request.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import { refusesConnections } from '../support/refuses-connections.ts';
import { type LogLine, logLines, type ServerProcess, spawnServer, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const cleanups = cleanupsAfterEach();
const twoWorkers = { WEB_CONCURRENCY: '2' };

/**
 * One GraphQL request on a connection of its own, as separate clients make them: node:cluster
 * hands each new connection to the next worker. `requestId` names it in the access line, which
 * tells which worker (`pid`) served it.
 */
function post(origin: string, query: string, variables: object, requestId: string, headers: Record<string, string> = {}) {
  return new Promise<{ data: Record<string, { __typename: string; email?: string; token?: string }> }>((resolve, reject) => {
    const headersSent = { 'content-type': 'application/json', 'x-request-id': requestId, ...headers };
    const outgoing = request(`${origin}/graphql`, { method: 'POST', agent: false, headers: headersSent });
    outgoing.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(JSON.parse(text)));
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query, variables }));
  });
}

const lines = (app: ServerProcess, msg: string) => logLines(app).filter((line) => line.msg === msg);
const workerPids = (app: ServerProcess) => lines(app, 'worker listening').map((line) => line.workerPid);

/** The pids of the processes whose access lines name these requests, once every one is logged. */
async function servedBy(app: ServerProcess, requestIds: string[]): Promise<Set<unknown>> {
  const logged = () => lines(app, 'request').filter((line) => requestIds.includes(line.requestId as string));
  await until(() => logged().length === requestIds.length, patienceMs);
  return new Set(logged().map((line) => line.pid));
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe.each(databaseBackends)('WEB_CONCURRENCY=2 on $name', ({ available, create }) => {
  it.skipIf(!available)('serves one port from two workers sharing the data, the limits and one start line; metrics summed', async () => {
    const database = await create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { ...twoWorkers, NODE_ENV: 'production', DATABASE_URL: database.url },
      { in: 'child process', cleanups },
    );
    const primary = app.child.pid;
    const [first, second] = workerPids(app);
    expect([first, second, primary]).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(new Set([first, second, primary]).size).toBe(3);
    // The primary says where once both listen; the first worker alone applied the migrations.
    expect(lines(app, `GraphQL API on ${origin}/graphql`)).toEqual([expect.objectContaining({ pid: primary })]);
    const migrations = readdirSync('migrations').filter((file) => file.endsWith('.ts')).length;
    expect(lines(app, 'migrations applied').map((line) => [line.pid, (line.migrations as string[]).length])).toEqual([[first, migrations]]);

    // Signed up through one worker, activated and signed in through whichever: one database, one secret.
    const ada = { email: 'ada@example.com', password: 'correct horse' };
    expect((await post(origin, CREATE_USER, { input: { ...ada, name: 'Ada', surname: 'L' } }, 'create')).data.createUser?.__typename).toBe(
      'User',
    );
    expect((await post(origin, ACTIVATE, { input: ada }, 'activate')).data.activate?.__typename).toBe('User');
    const token = (await post(origin, SIGN_IN, { input: ada }, 'sign-in')).data.signIn?.token ?? '';
    expect(await servedBy(app, ['create', 'activate', 'sign-in'])).toEqual(new Set([first, second]));
    const reads = await Promise.all(
      ids('me', 20).map((id) => post(origin, 'query Me { me { email } }', {}, id, { authorization: `Bearer ${token}` })),
    );
    expect(reads.map((read) => read.data.me?.email)).toEqual(Array(20).fill(ada.email));
    expect(await servedBy(app, ids('me', 20))).toEqual(new Set([first, second]));

    // Writes from both at once: SQLite's write lock is waited for, the unique index decides across processes.
    const signUp = (email: string, id: string) =>
      post(origin, CREATE_USER, { input: { email, password: 'correct horse', name: 'N', surname: 'S' } }, id);
    const distinct = await Promise.all(ids('distinct', 10).map((id) => signUp(`${id}@doe.com`, id)));
    expect(distinct.map((answer) => answer.data.createUser?.__typename)).toEqual(Array(10).fill('User'));
    const racing = await Promise.all(ids('race', 10).map((id) => signUp('race@doe.com', id)));
    expect(racing.map((answer) => answer.data.createUser?.__typename).sort()).toEqual(['User', ...Array(9).fill('EmailTakenError')].sort());
    expect(await servedBy(app, [...ids('distinct', 10), ...ids('race', 10)])).toEqual(new Set([first, second]));

    // Five failures, spread over both workers, lock the account on both: the counts are in the database.
    for (const id of ids('wrong', 5)) {
      expect((await post(origin, SIGN_IN, { input: { ...ada, password: 'wrong horse' } }, id)).data.signIn?.__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    expect(await servedBy(app, ids('wrong', 5))).toEqual(new Set([first, second]));
    const locked = await Promise.all(ids('locked', 4).map((id) => post(origin, SIGN_IN, { input: ada }, id)));
    expect(locked.map((answer) => answer.data.signIn?.__typename)).toEqual(Array(4).fill('TooManyAttemptsError'));

    // METRICS_PORT is the primary's: one scrape counts the requests of both workers.
    const metricsLine = logLines(app).find((line) => typeof line.metricsPort === 'number') as LogLine;
    expect(metricsLine.pid).toBe(primary);
    const scrape = await fetch(`http://127.0.0.1:${metricsLine.metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    const samples = parsePrometheusText(await scrape.text());
    expect(valuesOf(samples, 'graphql_request_duration_seconds_count')['query:me']).toBe(20);
    expect(valuesOf(samples, 'credential_outcomes_total')).toMatchObject({
      'createUser User': 12,
      'createUser EmailTakenError': 9,
      'signIn InvalidCredentialsError': 5,
      'signIn TooManyAttemptsError': 4,
    });
    expect(valuesOf(samples, 'password_hash_operations')).toEqual({ running: 0, queued: 0 });
    expect(samples.filter((sample) => sample.name === 'nodejs_version_info')).toHaveLength(1);
    expect((await fetch(`${origin}/metrics`)).status).toBe(404);

    // SIGTERM to every process at once, as systemd or Ctrl-C signal a whole group: each counts it once.
    for (const pid of [primary, first, second]) process.kill(pid as number, 'SIGTERM');
    expect(await app.exitCode).toBe(0);
    expect(
      lines(app, 'stopped')
        .map((line) => line.pid)
        .sort(),
    ).toEqual([primary, first, second].sort());
    expect(logLines(app).filter((line) => line.level >= 50)).toEqual([]);
    expect(logLines(app).at(-1)).toMatchObject({ pid: primary, msg: 'stopped' });
  });
});

describe('WEB_CONCURRENCY=2, as processes come and go', () => {
  it('replaces a worker killed with SIGKILL; on SIGTERM every worker finishes its requests, then exit 0', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { ...twoWorkers, ...argon2Environment(productionArgon2), DATABASE_URL: database.url },
      { in: 'child process', cleanups },
    );
    const [killed, survivor] = workerPids(app) as [number, number];
    const ada = { email: 'ada@example.com', password: 'correct horse' };
    await post(origin, CREATE_USER, { input: { ...ada, name: 'Ada', surname: 'L' } }, 'create');
    await post(origin, ACTIVATE, { input: ada }, 'activate');
    const bearer = { authorization: `Bearer ${(await post(origin, SIGN_IN, { input: ada }, 'sign-in')).data.signIn?.token}` };
    const readMe = async (prefix: string) => {
      const answers = await Promise.all(ids(prefix, 6).map((id) => post(origin, ME, {}, id, bearer)));
      expect(answers.map((answer) => answer.data.me?.email)).toEqual(Array(6).fill(ada.email));
      return servedBy(app, ids(prefix, 6));
    };

    process.kill(killed, 'SIGKILL');
    await until(() => lines(app, 'worker exited unexpectedly: starting another').length === 1, patienceMs);
    expect(lines(app, 'worker exited unexpectedly: starting another')[0]).toMatchObject({
      workerPid: killed,
      signal: 'SIGKILL',
      restartInMs: 0,
    });
    // Until its replacement listens, the survivor serves every connection.
    expect(await readMe('alone')).toEqual(new Set([survivor]));
    await until(() => workerPids(app).length === 3, patienceMs);
    const replacement = workerPids(app)[2];
    expect(await readMe('again')).toEqual(new Set([survivor, replacement]));
    // Replacing a worker is not starting: the start line stays the one, and no migration runs again.
    expect(lines(app, `GraphQL API and GraphiQL on ${origin}/graphql`)).toHaveLength(1);
    expect(lines(app, 'migrations applied')).toHaveLength(1);

    // A sign-up held in flight on each worker when the signal comes (its body sent only once every
    // process said it is shutting down): a worker that drains answers it, whatever the machine's speed.
    const held: HeldRequest[] = [];
    const heldIds = () => ids('drain', held.length);
    const holders = () =>
      servedBy(
        app,
        heldIds().map((id) => `${id}-probe`),
      );
    while ((await holders()).size < 2) {
      const input = { email: `drain-${held.length}@doe.com`, password: 'correct horse', name: 'D', surname: 'R' };
      held.push(await heldRequest(origin, `drain-${held.length}`, CREATE_USER, { input }));
    }
    expect(await holders()).toEqual(new Set([survivor, replacement]));
    app.child.kill('SIGTERM');
    await until(() => lines(app, 'shutting down: finishing in-flight requests').length === 3, patienceMs);
    await until(() => refusesConnections(origin), patienceMs);
    const answers = await Promise.all(held.map(async (request) => JSON.parse(await request.release()).data.createUser.__typename));
    expect(answers).toEqual(Array(held.length).fill('User'));
    expect(await app.exitCode).toBe(0);
    expect(await servedBy(app, heldIds())).toEqual(new Set([survivor, replacement]));
    // Each worker answered sign-ups after it began to shut down: it drained them.
    for (const pid of [survivor, replacement]) {
      const own = logLines(app).filter((line) => line.pid === pid);
      const drainedAt = own.findLastIndex((line) => line.msg === 'request' && (line.requestId as string).startsWith('drain'));
      expect(own.findIndex((line) => line.msg === 'shutting down: finishing in-flight requests')).toBeLessThan(drainedAt);
    }
    const stopping = logLines(app).filter((line) => line.msg === 'shutting down: finishing in-flight requests' || line.msg === 'stopped');
    expect(stopping.map((line) => [line.pid, line.msg]).sort()).toEqual(
      [
        [app.child.pid, 'shutting down: finishing in-flight requests'],
        [survivor, 'shutting down: finishing in-flight requests'],
        [replacement, 'shutting down: finishing in-flight requests'],
        [survivor, 'stopped'],
        [replacement, 'stopped'],
        [app.child.pid, 'stopped'],
      ].sort(),
    );
    expect(logLines(app).at(-1)).toMatchObject({ pid: app.child.pid, msg: 'stopped' });
    expect(app.stderr()).toBe('');
  });

  it('forces the exit on a second SIGTERM: each worker says so, then the primary, exit 1', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer({ ...twoWorkers, DATABASE_URL: database.url }, { in: 'child process', cleanups });
    // Two requests whose bodies never finish arriving, one per worker: neither can drain.
    const hanging = await Promise.all(['hang-0', 'hang-1'].map((id) => heldRequest(origin, id, ME)));
    cleanups.push(async () => {
      for (const { socket } of hanging) socket.destroy();
    });
    expect(await servedBy(app, ['hang-0-probe', 'hang-1-probe'])).toEqual(new Set(workerPids(app)));
    app.child.kill('SIGTERM');
    await until(() => lines(app, 'shutting down: finishing in-flight requests').length === 3, patienceMs);
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(1);
    const forced = lines(app, 'forcing exit: second SIGTERM while shutting down');
    expect(forced.map((line) => line.pid).sort()).toEqual([app.child.pid, ...workerPids(app)].sort());
    expect(logLines(app).at(-1)).toMatchObject({ pid: app.child.pid, msg: 'forcing exit: second SIGTERM while shutting down' });
  });

  it('stops a start that cannot succeed with one fatal line and exit 1: bad configuration before any worker exists', async () => {
    const failures: [NodeJS.ProcessEnv, string, 'primary' | 'first worker'][] = [
      [{ PORT: 'eighty' }, 'Invalid configuration: PORT: Invalid input: expected number, received NaN', 'primary'],
      [
        { DATABASE_URL: 'sqlite::memory:' },
        'Invalid configuration: WEB_CONCURRENCY: must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own',
        'primary',
      ],
      [
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/users' },
        'database did not answer at start: start it, or fix DATABASE_URL',
        'first worker',
      ],
    ];
    for (const [environment, msg, teller] of failures) {
      const app = spawnServer({ ...twoWorkers, ...environment }, { cleanups, shipped: true });
      expect(await app.exitCode).toBe(1);
      const all = logLines(app);
      expect(all.at(-1)).toMatchObject({ level: 60, msg });
      expect(all.filter((line) => line.level === 60)).toHaveLength(1);
      // Bad configuration: no worker was forked. A dependency missing: the first worker said so, and no other was forked.
      const pids = new Set(all.map((line) => line.pid));
      expect(pids.size).toBe(teller === 'primary' ? 1 : 2);
      expect(all.at(-1)?.pid === app.child.pid).toBe(teller === 'primary');
      expect(app.stderr()).toBe('');
    }
  });
});
