/**
 * `BENCH_BASE=<checkout> npm run bench:builds`: this build against another (the build before issue 21's
 * redesign, say), on SQLite and PostgreSQL. Each build is started as its own `npm start` starts it in
 * production, over a database of its own that its own code migrated and seeded; the checkout needs
 * its own node_modules (`npm ci` there). Per figure, alternating pairs after a warm-up pair:
 * `me` and `{ __typename }` at 32 connections (req/s and the server's CPU a request, /proc), signIn
 * throughput at the production argon2 cost (8 connections, one account each, runs twice as long) and `me`'s p99 at 10
 * connections during a 20-connection signIn flood. A second server of this build gives an A/A
 * control on `me`: the spread that two identical sides show on this machine.
 *
 * BENCH_SECONDS: each run's length (default 4); BENCH_PAIRS: pairs per figure (default 5).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.ts';
import { Argon2PasswordHasher } from '../src/infrastructure/argon2/argon2-password-hasher.ts';
import { databaseBackends, type TestDatabase } from '../test/support/databases.ts';
import { ME, SIGN_IN } from '../test/support/operations.ts';
import { body, graphql } from './support/graphql-client.ts';
import { alternate, median, run } from './support/load.ts';
import { cpuSeconds, quiet } from './support/process-stats.ts';
import { type ProductionServer, productionSecrets, startProductionServer } from './support/production-server.ts';
import { emailOf, password, seededDatabase, signInBodies } from './support/seeded-database.ts';

const base = process.env.BENCH_BASE;
if (!base) throw new Error('BENCH_BASE: the checkout of the other build (with its own node_modules)');
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const users = 30;

interface Side {
  server: ProductionServer;
  token: string;
}
/** One run against a side: the figure's value and the requests the server answered in it. */
type Measure = (side: Side) => Promise<{ value: number; requests: number }>;

const reads =
  (query: string, connections: number): Measure =>
  async ({ server, token }) => {
    const measured = await run(
      { url: server.url, bodies: [body(query)], headers: { authorization: `Bearer ${token}` }, connections },
      seconds,
    );
    return { value: measured.requestsPerSecond, requests: measured.requests };
  };
// Twice as long: a run holds some tens of sign-ins.
const signIns: Measure = async ({ server }) => {
  const measured = await run({ url: server.url, bodies: signInBodies(8), connections: 8 }, 2 * seconds);
  return { value: measured.requestsPerSecond, requests: measured.requests };
};
const meDuringFlood: Measure = async ({ server, token }) => {
  const me = { url: server.url, bodies: [body(ME)], headers: { authorization: `Bearer ${token}` }, connections: 10 };
  const [during] = await Promise.all([run(me, seconds), run({ url: server.url, bodies: signInBodies(20), connections: 20 }, seconds)]);
  return { value: during.p99, requests: Number.NaN };
};

/** The other checkout migrates and seeds with its own code (its schema may differ), in a process there. */
function seedWithCheckout(checkout: string, url: string, hash: string): void {
  const script = `const { seededDatabase } = await import('./bench/support/seeded-database.ts');
await seededDatabase(async () => ({ url: process.env.SEED_URL, drop: async () => {} }), ${users}, process.env.SEED_HASH);`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: checkout,
    env: { ...process.env, SEED_URL: url, SEED_HASH: hash },
    stdio: 'inherit',
  });
}

const rows: string[] = [];
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
const servers: ProductionServer[] = [];
/** Pairs of `first` and `second`; prints the medians of each side and of the pairs' ratios (second / first). */
async function compare(backend: string, label: string, unit: string, measure: Measure, first: Side, second: Side, cpuUnit?: 'µs' | 'ms') {
  const cpu = new Map<Side, number[]>([
    [first, []],
    [second, []],
  ]);
  const of = (side: Side) => async () => {
    // What the last run left queued (sign-ins waiting for a hash), on either server, is done first.
    for (const server of servers) await quiet(server.pid);
    const used = cpuSeconds(side.server.pid);
    const { value, requests } = await measure(side);
    cpu.get(side)!.push((cpuSeconds(side.server.pid) - used) / requests);
    return value;
  };
  const result = await alternate(pairs, of(first), of(second));
  const row = (what: string, a: number[], b: number[], ratios: number[], digits: number) =>
    `| ${what} | ${backend} | ${median(a).toFixed(digits)} | ${median(b).toFixed(digits)} | ×${median(ratios).toFixed(2)} | ${range(ratios)} |`;
  rows.push(row(`${label}, ${unit}`, result.first, result.second, result.ratios, unit === 'req/s' ? 0 : 1));
  if (cpuUnit) {
    // The warm-up pair's CPU is left out, as its values are.
    const scaled = (side: Side) =>
      cpu
        .get(side)!
        .slice(1)
        .map((s) => s * (cpuUnit === 'µs' ? 1e6 : 1e3));
    const [a, b] = [scaled(first), scaled(second)];
    rows.push(
      row(
        `${label}, CPU ${cpuUnit} a request`,
        a,
        b,
        b.map((value, pair) => value / a[pair]!),
        0,
      ),
    );
  }
  console.log(rows.slice(cpuUnit ? -2 : -1).join('\n'));
}

// The production cost, as this build reads it; both builds verify the same hash.
const { argon2 } = loadConfig({
  NODE_ENV: 'production',
  ...productionSecrets,
});
const hash = await new Argon2PasswordHasher({ ...argon2, maxConcurrent: 1 }).hash(password);
const logs = mkdtempSync(join(tmpdir(), 'bench-builds-'));
const loadAtStart = loadavg()[0]!;
console.log(`${base} against this build; ${seconds} s runs, ${pairs} pairs after a warm-up pair; server logs in ${logs}`);
for (const backend of databaseBackends.filter((candidate) => candidate.available)) {
  const databases: TestDatabase[] = [];
  try {
    const side = async (name: string, checkout?: string): Promise<Side> => {
      const database = checkout ? await backend.create() : await seededDatabase(backend.create, users, hash);
      databases.push(database);
      if (checkout) seedWithCheckout(checkout, database.url, hash);
      const server = await startProductionServer({ DATABASE_URL: database.url }, join(logs, `${backend.name}-${name}.log`), checkout);
      servers.push(server);
      const { signIn } = (await graphql(server.url, SIGN_IN, { input: { email: emailOf(1), password } })) as { signIn: { token: string } };
      return { server, token: signIn.token };
    };
    const [before, after, control] = [await side('before', base), await side('after'), await side('control')];
    console.log(`\n${backend.name}\n| figure | backend | before | after | after / before | single pairs |\n|---|---|---|---|---|---|`);
    await compare(backend.name, '`me` at 32 connections', 'req/s', reads(ME, 32), before, after, 'µs');
    await compare(backend.name, '`{ __typename }` at 32 connections', 'req/s', reads('{ __typename }', 32), before, after, 'µs');
    await compare(backend.name, '`signIn`, 8 connections', 'sign-ins/s', signIns, before, after, 'ms');
    await compare(backend.name, '`me` p99 during a signIn flood', 'ms', meDuringFlood, before, after);
    await compare(backend.name, 'A/A: `me` at 32 connections, this build twice', 'req/s', reads(ME, 32), control, after, 'µs');
  } finally {
    for (const server of servers.splice(0)) await server.stop();
    for (const database of databases) await database.drop();
  }
}
console.log(`\nload average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end\n`);
console.log(`| figure | backend | before | after | after / before | single pairs |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
