/**
 * `npm run bench` (third part): one signed-in account sending documents of aliased `updateMe`
 * as fast as it can, on 1 and on 4 connections, while another user reads `me` one request at a
 * time. Measures the bystander's `me` p50 beside its idle p50, and how many outbox rows the
 * attack added. Prints a Markdown table for BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { ormConfig } from '../src/infrastructure/mikro-orm/orm-config.ts';
import { databaseBackends } from '../test/support/databases.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../test/support/operations.ts';
import { spawnServer } from '../test/support/server.ts';
import { medianLatencyMs } from './support/latency.ts';

const seconds = Number(process.env.BENCH_FLOOD_SECONDS ?? 10);
const password = 'correct horse battery';

async function signedIn(url: string): Promise<Record<string, string>> {
  const email = `${randomUUID()}@bench.example`;
  const post = async (query: string, input: object) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { input } }),
    });
    return (await response.json()) as { data: Record<string, { token?: string }> };
  };
  await post(CREATE_USER, { email, password, name: 'Flood', surname: 'Test' });
  await post(ACTIVATE, { email, password });
  const token = (await post(SIGN_IN, { email, password })).data.signIn?.token;
  return { authorization: `Bearer ${token}` };
}

/** Sends `document` back to back on one connection until `until`; answers how many went. */
async function flood(url: string, headers: Record<string, string>, document: string, until: number): Promise<number> {
  let sent = 0;
  while (performance.now() < until) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: document });
    await response.arrayBuffer();
    sent++;
  }
  return sent;
}

async function outboxRows(databaseUrl: string): Promise<number> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const [row] = await orm.em.fork().getConnection().execute<{ rows: number | string }[]>('select count(*) as "rows" from outbox');
    return Number(row?.rows);
  } finally {
    await orm.close();
  }
}

const aliased = (count: number) =>
  count === 0
    ? JSON.stringify({ query: '{ __typename }' })
    : JSON.stringify({
        query: `mutation { ${Array.from({ length: count }, (_, i) => `a${i}: updateMe(input: {name: "n${i}"}) { __typename }`).join(' ')} }`,
      });

const rows: string[] = [];
for (const backend of databaseBackends.filter((b) => b.available)) {
  // 0 aliases: `{ __typename }`, what any flood of requests costs the bystander.
  for (const [connections, aliases] of [
    [1, 15],
    [4, 15],
    [4, 5],
    [4, 0],
  ] as const) {
    const database = await backend.create();
    const app = spawnServer({ DATABASE_URL: database.url, JWT_SECRET: 'A7tK2wQ9mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lQ=' }, { shipped: true });
    const url = `${await app.origin}/graphql`;
    const victim = await signedIn(url);
    const attacker = await signedIn(url);
    const me = JSON.stringify({ query: ME });
    const idle = await medianLatencyMs(url, me, victim, seconds);
    const before = await outboxRows(database.url);
    const until = performance.now() + seconds * 1000;
    const sending = Array.from({ length: connections }, () => flood(url, attacker, aliased(aliases), until));
    const attacked = await medianLatencyMs(url, me, victim, seconds);
    const sent = (await Promise.all(sending)).reduce((a, b) => a + b, 0);
    const added = (await outboxRows(database.url)) - before;
    rows.push(
      `| ${backend.name} | ${aliases === 0 ? '`{ __typename }`' : `${aliases} aliased updateMe`}, ${connections} connection${connections > 1 ? 's' : ''}, ${seconds} s | ` +
        `${sent} | ${idle.toFixed(2)} ms | ${attacked.toFixed(2)} ms | ${(attacked / idle).toFixed(2)} | ${added} |`,
    );
    app.child.kill('SIGTERM');
    await app.exitCode;
    await database.drop();
  }
}
console.log(
  '| backend | attack | documents sent | bystander `me` p50 idle | under attack | ratio | outbox rows added |\n|---|---|---|---|---|---|---|',
);
console.log(rows.join('\n'));
