/**
 * `node bench/peers/compare.ts` (after `npm install --prefix bench/peers`): bare graphql-yoga, Apollo
 * Server and Mercurius serving `{ hello }`, beside this service's `{ __typename }` and `me`, in one
 * alternating run. Each server is a child process of its own; autocannon runs in this process, so
 * load generator and servers share the machine's cores: the figures are a floor, and the ratios
 * within one run are what to compare.
 *
 * BENCH_SECONDS per measured run (default 5), BENCH_ROUNDS (default 3), BENCH_WARMUP_SECONDS per
 * target before the first round (default 2), BENCH_CONNECTIONS (default 32), OURS_LOG_LEVEL (default
 * info, production's: one access line per request, written to a file).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../../test/support/operations.ts';
import { productionSecrets } from '../support/production-server.ts';
import { peakRssMiB, type Server, serving, startServer, stopServer } from './processes.ts';

const peersDir = fileURLToPath(new URL('.', import.meta.url));
const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const oursLogLevel = process.env.OURS_LOG_LEVEL ?? 'info';
const json = { 'content-type': 'application/json' };
const user = { email: 'peers-bench@example.com', password: 'correct horse battery staple', name: 'Ben', surname: 'Mark' };
const credentials = { email: user.email, password: user.password };

type Data = Record<string, unknown>;

interface Target {
  name: string;
  server: Server;
  headers: Record<string, string>;
  body: string;
  /** What a correct answer holds: checked before and after the runs. */
  expect: (data: Data) => boolean;
}

interface Run {
  round: number;
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

async function graphql(url: string, query: string, input: object): Promise<Data> {
  const response = await fetch(url, { method: 'POST', headers: json, body: JSON.stringify({ query, variables: { input } }) });
  return ((await response.json()) as { data?: Data }).data ?? {};
}

async function check(target: Target): Promise<void> {
  const response = await fetch(target.server.url, { method: 'POST', headers: target.headers, body: target.body });
  const result = (await response.json()) as { data?: Data };
  if (response.status !== 200 || !result.data || !target.expect(result.data)) {
    throw new Error(`${target.name} answered ${response.status} ${JSON.stringify(result).slice(0, 300)}`);
  }
}

async function measure(target: Target, duration: number, round: number): Promise<Run> {
  const { server, headers, body } = target;
  const result = await autocannon({ url: server.url, method: 'POST', headers, body, connections, pipelining: 1, duration });
  return {
    round,
    target: target.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** numerator / denominator in req/s, round by round (each pair measured minutes apart at most), and their median. */
function ratio(runs: Run[], numerator: string, denominator: string) {
  const rate = (target: string, round: number) =>
    runs.find((run) => run.target === target && run.round === round)?.requestsPerSecond ?? Number.NaN;
  const perRound = Array.from({ length: rounds }, (_, index) => rate(numerator, index + 1) / rate(denominator, index + 1));
  return { numerator, denominator, medianOfRounds: median(perRound), perRound };
}

function version(directory: string, name: string): string {
  return JSON.parse(readFileSync(join(directory, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const logDir = mkdtempSync(join(tmpdir(), 'peers-bench-'));
const servers: Server[] = [];
const stopAll = () => Promise.all(servers.map(stopServer));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const peer = (name: string) => startServer(name, [join(peersDir, 'servers', `${name}.ts`)], {}, peersDir, logDir);
  const [yoga, apollo, mercurius] = await Promise.all([peer('yoga'), peer('apollo'), peer('mercurius')]);
  const ours = await startServer(
    'ours',
    ['src/main.ts'],
    {
      DATABASE_URL: `sqlite:${join(logDir, 'app.db')}`,
      ...productionSecrets,
      METRICS: 'false',
      GRAPHIQL: 'false',
      LOG_LEVEL: oursLogLevel,
    },
    rootDir,
    logDir,
  );
  servers.push(yoga, apollo, mercurius, ours);
  await Promise.all([yoga, apollo, mercurius].map((server) => serving(server, '{ hello }')));
  await serving(ours, '{ __typename }');

  // One active user and a token for `me` (argon2 at the production cost: three hashes).
  await graphql(ours.url, CREATE_USER, user);
  await graphql(ours.url, ACTIVATE, credentials);
  const token = ((await graphql(ours.url, SIGN_IN, credentials)).signIn as { token?: string } | undefined)?.token;
  if (!token) throw new Error('signIn gave no token');

  const hello = JSON.stringify({ query: '{ hello }' });
  const isWorld = (data: Data) => data.hello === 'world';
  const targets: Target[] = [
    { name: 'yoga { hello }', server: yoga, headers: json, body: hello, expect: isWorld },
    { name: 'apollo { hello }', server: apollo, headers: json, body: hello, expect: isWorld },
    { name: 'mercurius { hello }', server: mercurius, headers: json, body: hello, expect: isWorld },
    {
      name: 'ours { __typename }',
      server: ours,
      headers: json,
      body: JSON.stringify({ query: '{ __typename }' }),
      expect: (data) => data.__typename === 'Query',
    },
    {
      name: 'ours me',
      server: ours,
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
      expect: (data) => (data.me as { email?: string } | null)?.email === user.email,
    },
  ];
  for (const target of targets) await check(target);

  const loadAtStart = loadavg();
  console.log(
    `${targets.length} targets, ${connections} connections, pipelining 1, ${availableParallelism()} cores, load average ` +
      `${loadAtStart.map((load) => load.toFixed(2)).join(' ')}: warm-up ${warmupSeconds} s each, then ${rounds} round(s) of ` +
      `${seconds} s each, the order rotated by one every round.`,
  );
  if (warmupSeconds > 0) for (const target of targets) await measure(target, warmupSeconds, 0);

  const runs: Run[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = [...targets.slice((round - 1) % targets.length), ...targets.slice(0, (round - 1) % targets.length)];
    for (const target of order) {
      await sleep(300);
      const run = await measure(target, seconds, round);
      runs.push(run);
      console.log(`round ${round} | ${run.target} | ${run.requestsPerSecond} req/s | p99 ${run.p99} ms | failed ${run.failed}`);
    }
  }
  for (const target of targets) await check(target);
  const loadAtEnd = loadavg();

  const medians = targets.map(({ name, server }) => {
    const mine = runs.filter((run) => run.target === name);
    return {
      target: name,
      requestsPerSecond: Math.round(median(mine.map((run) => run.requestsPerSecond))),
      p50: median(mine.map((run) => run.p50)),
      p99: median(mine.map((run) => run.p99)),
      failed: mine.reduce((sum, run) => sum + run.failed, 0),
      serverPeakRssMiB: peakRssMiB(server),
    };
  });
  const typename = ratio(runs, 'ours { __typename }', 'yoga { hello }');
  const ratios = [
    typename,
    ratio(runs, 'ours me', 'apollo { hello }'),
    ratio(runs, 'ours me', 'yoga { hello }'),
    ratio(runs, 'apollo { hello }', 'yoga { hello }'),
    ratio(runs, 'mercurius { hello }', 'yoga { hello }'),
  ];

  console.log('\n| target | req/s (median) | p50 ms | p99 ms | failed | server peak RSS MiB |\n|---|---|---|---|---|---|');
  for (const row of medians) {
    console.log(`| ${row.target} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.failed} | ${row.serverPeakRssMiB} |`);
  }
  console.log('\n| ratio of req/s | median of rounds | per round |\n|---|---|---|');
  for (const row of ratios) {
    const perRound = row.perRound.map((value) => value.toFixed(3)).join(', ');
    console.log(`| ${row.numerator} / ${row.denominator} | ${row.medianOfRounds.toFixed(3)} | ${perRound} |`);
  }
  const met = typename.medianOfRounds >= 0.95 ? 'met' : 'not met';
  console.log(`\nTarget: ours { __typename } >= 0.95 of bare Yoga { hello }: ${met} (${typename.medianOfRounds.toFixed(3)}).`);
  const oursLogMiB = (statSync(ours.logPath).size / 2 ** 20).toFixed(1);
  console.log(
    `1-min load average ${loadAtStart[0]?.toFixed(2)} at start, ${loadAtEnd[0]?.toFixed(2)} at end; our log (LOG_LEVEL=${oursLogLevel}) ${oursLogMiB} MiB.`,
  );

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    settings: { seconds, rounds, warmupSeconds, connections, pipelining: 1, oursLogLevel },
    versions: {
      'graphql-yoga (peer)': version(peersDir, 'graphql-yoga'),
      '@apollo/server': version(peersDir, '@apollo/server'),
      mercurius: version(peersDir, 'mercurius'),
      fastify: version(peersDir, 'fastify'),
      'graphql (peers)': version(peersDir, 'graphql'),
      autocannon: version(peersDir, 'autocannon'),
      'graphql-yoga (ours)': version(rootDir, 'graphql-yoga'),
      'graphql (ours)': version(rootDir, 'graphql'),
    },
    medians,
    ratios,
    runs,
  };
  // Arrays of numbers on one line, as biome formats JSON.
  const text = JSON.stringify(results, null, 2).replace(
    /\[\s+([^[\]{}"]*?)\s+\]/g,
    (_, list: string) => `[${list.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(join(peersDir, 'results.json'), `${text}\n`);
  console.log(`Written: ${join(peersDir, 'results.json')}`);
} finally {
  await stopAll();
  rmSync(logDir, { recursive: true, force: true });
}
