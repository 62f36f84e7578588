/**
 * `npm run bench:cluster`: `me` and `signIn` throughput with WEB_CONCURRENCY=1 and 2, production
 * settings (argon2 at its defaults, HASH_CONCURRENCY at its default, split between the workers),
 * each server on a SQLite file of its own. Both servers stay up; the phases alternate, the order
 * swapped each round. BENCH_SECONDS per phase (default 5), BENCH_ROUNDS rounds (default 3);
 * prints each round and the medians as Markdown.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { databaseBackends } from '../test/support/databases.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../test/support/operations.ts';
import { logLines, spawnServer } from '../test/support/server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Four times the machine's default hash slots on 2 cores: they never idle, and the queue stays short.
const signInConnections = 8;
const password = 'correct horse battery';
const json = { 'content-type': 'application/json' };
const body = (query: string, input: object = {}) => JSON.stringify({ query, variables: { input } });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function graphql(url: string, query: string, input: object) {
  const response = await fetch(url, { method: 'POST', headers: json, body: body(query, input) });
  return (await response.json()).data;
}

/** Resident memory now, in MiB (Linux). */
const rssMiB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);

async function server(workers: number) {
  const database = await databaseBackends[0]?.create();
  if (!database) throw new Error('no SQLite');
  const app = spawnServer(
    {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: String(workers),
      DATABASE_URL: database.url,
      JWT_SECRET: 'C4tK2wQ9mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lS=',
      METRICS_PORT: '0',
      // Every request comes from 127.0.0.1: the per-address limits must not decide a benchmark.
      CREATE_USER_MAX_PER_IP: '100000',
    },
    { shipped: true },
  );
  const url = `${await app.origin}/graphql`;
  // One user per signIn connection: one account's verifies run one at a time, by design.
  const emails = Array.from({ length: signInConnections }, (_, i) => `bench${i}@example.com`);
  for (const email of emails) {
    await graphql(url, CREATE_USER, { email, password, name: 'Ben', surname: 'Mark' });
    await graphql(url, ACTIVATE, { email, password });
  }
  const { token } = (await graphql(url, SIGN_IN, { email: emails[0], password })).signIn;
  const pids = [app.child.pid, ...logLines(app).flatMap((line) => (line.msg === 'worker listening' ? [line.workerPid] : []))];
  return {
    workers,
    me: () =>
      autocannon({
        url,
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${token}` },
        body: body(ME),
        connections: 10,
        duration: seconds,
      }),
    signIn: () => {
      let next = 0;
      return autocannon({
        url,
        method: 'POST',
        headers: json,
        connections: signInConnections,
        duration: seconds,
        setupClient: (client) => client.setBody(body(SIGN_IN, { email: emails[next++ % emails.length], password })),
      });
    },
    rss: () => (pids as number[]).map(rssMiB),
    async stop() {
      app.child.kill('SIGTERM');
      await app.exitCode;
      await database.drop();
    },
  };
}

type Server = Awaited<ReturnType<typeof server>>;
const servers: Server[] = [await server(1), await server(2)];
const results = new Map<string, number[]>();
const record = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
const lines: string[] = [];

for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? servers : [...servers].reverse();
  for (const phase of ['me', 'signIn'] as const) {
    for (const each of order) {
      const result = await each[phase]();
      const failed = result.non2xx + result.errors + result.timeouts;
      // Completed responses over the phase: a per-second average would count signIn's slow first second.
      const perSecond = result.requests.total / result.duration;
      record(`${phase} ${each.workers}`, perSecond);
      record(`${phase} ${each.workers} p99`, result.latency.p99);
      lines.push(
        `| ${round} | \`${phase}\` | ${each.workers} | ${perSecond.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ${failed} |`,
      );
    }
  }
}

console.log(`\n### Rounds (${seconds} s per phase; \`me\` 10 connections, \`signIn\` ${signInConnections} connections, one user each)\n`);
console.log('| round | operation | workers | req/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|---|---|');
console.log(lines.join('\n'));
console.log(`\n### Medians of ${rounds} rounds\n`);
console.log('| operation | 1 worker req/s | 2 workers req/s | 1 worker p99 ms | 2 workers p99 ms |\n|---|---|---|---|---|');
for (const phase of ['me', 'signIn']) {
  const value = (key: string) => median(results.get(key) ?? []);
  console.log(
    `| \`${phase}\` | ${value(`${phase} 1`).toFixed(1)} | ${value(`${phase} 2`).toFixed(1)} | ${value(`${phase} 1 p99`)} | ${value(`${phase} 2 p99`)} |`,
  );
}
for (const each of servers)
  console.log(
    `\nResident memory after the run, WEB_CONCURRENCY=${each.workers} (with 2: the primary, then each worker): ${each.rss().join(' + ')} MiB`,
  );
for (const each of servers) await each.stop();
