/**
 * `npm run bench`: the server in a process of its own (production argon2 cost), autocannon in this
 * one, on each backend. BENCH_SECONDS sets each phase's length (default 10).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { databaseBackends } from '../test/support/databases.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../test/support/operations.ts';
import { spawnApp } from '../test/support/spawn-app.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const user = { email: 'bench@example.com', password: 'correct horse battery', name: 'Ben', surname: 'Mark' };
const credentials = { email: user.email, password: user.password };
const json = { 'content-type': 'application/json' };
const body = (query: string, input: object = {}) => JSON.stringify({ query, variables: { input } });

async function graphql(url: string, query: string, input: object) {
  const response = await fetch(url, { method: 'POST', headers: json, body: body(query, input) });
  return (await response.json()).data;
}

/** Peak resident memory of a process so far, in MiB (Linux). */
function peakRssMiB(pid: number): number {
  const kib = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kib) / 1024);
}

function summary(name: string, result: autocannon.Result): string {
  const failed = result.non2xx + result.errors + result.timeouts;
  return `| ${name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${failed} |`;
}

for (const backend of databaseBackends.filter((candidate) => candidate.available)) {
  const database = await backend.create();
  const app = spawnApp({ DATABASE_URL: database.url, JWT_SECRET: 'B8tK2wQ9mZ4xR1vB7nC5yL3hJ6sF0dG2aE7uW4iO9lR=' });
  const url = `${await app.origin}/graphql`;
  await graphql(url, CREATE_USER, user);
  await graphql(url, ACTIVATE, credentials);
  const { token } = (await graphql(url, SIGN_IN, credentials)).signIn;
  const me = { url, method: 'POST' as const, headers: { ...json, authorization: `Bearer ${token}` }, body: body(ME) };

  const rows = [summary('`me`, 10 connections', await autocannon({ ...me, connections: 10, duration: seconds }))];
  const [flood, meDuringFlood] = await Promise.all([
    autocannon({ url, method: 'POST', headers: json, body: body(SIGN_IN, credentials), connections: 20, duration: seconds }),
    autocannon({ ...me, connections: 2, duration: seconds }),
  ]);
  rows.push(summary('`signIn` flood, 20 connections', flood), summary('`me` during that flood, 2 connections', meDuringFlood));

  console.log(`\n### ${backend.name} (${seconds} s per phase, peak server RSS ${peakRssMiB(app.child.pid!)} MiB)\n`);
  console.log('| phase | req/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
  app.child.kill('SIGTERM');
  await app.exitCode;
  await database.drop();
}
