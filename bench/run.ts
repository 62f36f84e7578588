/**
 * `npm run bench`: every figure of the performance targets in one run, each with its target and a
 * pass or fail mark, written to bench/results.json (`node bench/chart.ts` draws it). Each server is
 * started as `npm start` starts it in production, over a database of its own seeded here. Two sides
 * are always compared in alternating pairs after a warm-up, and the median of the pairs' ratios is
 * the figure: on a shared machine only ratios measured side by side mean something.
 *
 * BENCH_SECONDS: each measurement's length (default 5; the whole run takes about 200 times that).
 * BENCH_PAIRS: pairs per figure (default 3, the peers' rounds; the figures of this server's own
 * requests take 2 more: one run's single pairs of the deep page ranged 0.75-1.56 here).
 * BENCH_USERS: the large database (default 1,000,000).
 * BENCH_ONLY: a comma-separated choice of memory, sign-in, read, flood, refresh, busy-host, scale, peers,
 * argon2 (all by default; refresh: `refreshSession` against `me`, and `me`'s p99 while sessions refresh).
 * BENCH_SERVER_ENV: NAME=value pairs, space-separated, added to the servers' environment.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { loadConfig } from '../src/config/load-config.ts';
import { Argon2PasswordHasher } from '../src/infrastructure/argon2/argon2-password-hasher.ts';
import { hashBudget } from '../src/runtime/hash-budget.ts';
import { databaseBackends } from '../test/support/databases.ts';
import { SIGN_IN } from '../test/support/operations.ts';
import { argon2Cost } from './figures/argon2-cost.ts';
import { busyHost } from './figures/busy-host.ts';
import { meVsTypename } from './figures/me-vs-typename.ts';
import { memoryUnderSignIns } from './figures/memory-under-sign-ins.ts';
import { peerFigures } from './figures/peers.ts';
import { readsDuringFlood } from './figures/reads-during-flood.ts';
import { readsDuringRefreshes } from './figures/reads-during-refreshes.ts';
import { refreshConnections, refreshVsMe } from './figures/refresh-vs-me.ts';
import { scale } from './figures/scale.ts';
import { signInVsVerify } from './figures/sign-in-vs-verify.ts';
import { type Figure, figure } from './support/figure.ts';
import { graphql } from './support/graphql-client.ts';
import { leverSettings, productionSecrets, startProductionServer } from './support/production-server.ts';
import { refreshingSessions } from './support/refreshing-sessions.ts';
import { emailOf, password, seededDatabase } from './support/seeded-database.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const pairs = Number(process.env.BENCH_PAIRS ?? 3);
const ownPairs = pairs + 2;
const largeUsers = Number(process.env.BENCH_USERS ?? 1_000_000);
const smallUsers = 1000;
const only = new Set((process.env.BENCH_ONLY ?? 'memory,sign-in,read,flood,refresh,busy-host,scale,peers,argon2').split(','));
const logs = '/tmp';

// The settings the servers run with, read as they read them: the hash's cost and cap.
const serverConfig = loadConfig({
  NODE_ENV: 'production',
  ...productionSecrets,
  ...leverSettings,
});
const { argon2: argon2Settings } = serverConfig;
const hashCap = hashBudget(serverConfig).perProcess;
const hash = await new Argon2PasswordHasher({ ...argon2Settings, maxConcurrent: 1 }).hash(password);
const loadAtStart = loadavg()[0]!;
const figures: Figure[] = [];

for (const backend of databaseBackends) {
  if (!backend.available) {
    console.log(`${backend.name}: not reachable, its figures are left out`);
    continue;
  }
  console.log(`\n${backend.name}: seeding…`);
  const small = await seededDatabase(backend.create, smallUsers, hash);
  const large = only.has('scale') ? await seededDatabase(backend.create, largeUsers, hash) : null;
  // The refresh figures rotate each of 32 sessions hundreds of times a second, standing for many
  // users' clients: ACCOUNT_WRITES_PER_MINUTE would refuse all but 30 rotations a minute of each
  // session's user. Each rotation is still counted, so the figures include the count's cost.
  const lifted = { ACCOUNT_WRITES_PER_MINUTE: '100000000' };
  const server = await startProductionServer({ DATABASE_URL: small.url, ...lifted }, `${logs}/bench-${backend.name}.log`);
  try {
    const step = async (name: string, measure: () => Promise<Figure | Figure[]>) => {
      if (!only.has(name)) return;
      const measured = [await measure()].flat();
      for (const one of measured) console.log(`  ${one.label}: ${one.value?.toFixed(2)} (${one.note})`);
      figures.push(...measured);
    };
    // First, on the fresh server: its memory before anything else has run.
    await step('memory', () => memoryUnderSignIns(backend.name, server, seconds));
    const { signIn } = (await graphql(server.url, SIGN_IN, { input: { email: emailOf(2), password } })) as { signIn: { token: string } };
    await step('sign-in', () => signInVsVerify(backend.name, server, { hash, hashCap, seconds, pairs: ownPairs }));
    await step('read', () => meVsTypename(backend.name, server, signIn.token, seconds, ownPairs));
    await step('flood', () => readsDuringFlood(backend.name, server, signIn.token, seconds, ownPairs));
    await step('refresh', async () => {
      const sessions = await refreshingSessions(server.url, refreshConnections);
      const measure = { token: signIn.token, sessions, seconds, pairs: ownPairs };
      return [await refreshVsMe(backend.name, server, measure), await readsDuringRefreshes(backend.name, server, measure)];
    });
    await step('busy-host', () => busyHost(backend.name, server, ownPairs));
    if (large) {
      figures.push(
        figure({
          id: 'seed-rate',
          label: `npm run seed: ${largeUsers.toLocaleString('en')} users`,
          backend: backend.name,
          value: large.rowsPerSecond,
          unit: 'rows/s',
          target: null,
          note: 'multi-row INSERTs of 1,000 rows, a commit per 10,000',
        }),
      );
      const largeServer = await startProductionServer({ DATABASE_URL: large.url }, `${logs}/bench-${backend.name}-large.log`);
      try {
        await step('scale', () =>
          scale(backend.name, {
            small: { server, users: smallUsers },
            large: { server: largeServer, users: largeUsers },
            seconds,
            pairs: ownPairs,
          }),
        );
      } finally {
        await largeServer.stop();
      }
    }
  } finally {
    await server.stop();
    await small.drop();
    await large?.drop();
  }
}
if (only.has('peers')) figures.push(...peerFigures(seconds, pairs));
if (only.has('argon2')) {
  const { memoryCost, timeCost, parallelism } = argon2Settings;
  figures.push(...(await argon2Cost({ memoryCost, timeCost, parallelism }, 5)));
}

const machine = {
  cores: availableParallelism(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAverageAtStart: loadAtStart,
  loadAverageAtEnd: loadavg()[0]!,
};
const mark = (pass: boolean | null) => (pass === null ? '' : pass ? 'pass' : 'FAIL');
const shown = (one: Figure) =>
  one.value === null ? 'not measured' : one.unit === 'ratio' ? one.value.toFixed(2) : `${one.value.toFixed(0)} ${one.unit}`;
console.log(
  `\n${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.cpu}, Node ${machine.node}; BENCH_SECONDS=${seconds}, ${pairs} pairs; ` +
    `load average ${machine.loadAverageAtStart.toFixed(1)} at start, ${machine.loadAverageAtEnd.toFixed(1)} at end\n`,
);
console.log('| figure | backend | measured | target | |\n|---|---|---|---|---|');
for (const one of figures) {
  const target = one.target ? `${one.target.op === '>=' ? '≥' : '≤'} ${one.target.value}` : '';
  console.log(`| ${one.label} | ${one.backend} | ${shown(one)} | ${target} | ${mark(one.pass)} |`);
}
const results = { date: new Date().toISOString(), seconds, pairs, machine, figures };
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten: bench/results.json (node bench/chart.ts draws it)');
