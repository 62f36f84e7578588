/**
 * `npm run bench:faults`: cuts PostgreSQL, then Redis, off from a running server three times each
 * under steady load, and reports per cut: requests failed, how fast they failed, how long after
 * the restore the first request succeeded, and whether the process stayed up.
 * Traffic goes to 127.0.0.1 only; it stops by itself in about 40 seconds.
 */
import { startFaultProxy } from '../test/support/fault-proxy.ts';
import { activeUser, bearer, graphql } from '../test/support/graphql-client.ts';
import { ME, SIGN_IN } from '../test/support/operations.ts';
import { createPostgresDatabase } from '../test/support/postgres.ts';
import { startServer } from '../test/support/server.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface Outcome {
  started: number;
  ended: number;
  ok: boolean;
}

async function measure(target: 'PostgreSQL' | 'Redis'): Promise<string[]> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const database = await createPostgresDatabase();
  const upstream = target === 'Redis' ? new URL('redis://127.0.0.1:6379/0') : new URL(database.url);
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(upstream.port) });
  upstream.port = String(proxy.port);
  const environment =
    target === 'Redis' ? { DATABASE_URL: database.url, REDIS_URL: upstream.toString() } : { DATABASE_URL: upstream.toString() };
  const { app, origin } = await startServer(
    { ...environment, NODE_ENV: 'production', JWT_SECRET: 'Q2w9mZ7tL4vR8xN1cB6yH3kJ5pF0sD2gA7uE4iO9' },
    { in: 'child process', cleanups },
  );
  const user = await activeUser(origin);
  // PostgreSQL: `me` reads the database. Redis: sign-ins check the limits kept there.
  const request =
    target === 'Redis'
      ? () => graphql(origin, SIGN_IN, { input: { email: user.email, password: user.password } })
      : () => graphql(origin, ME, {}, bearer(user.token));
  type Answer = { data?: { signIn?: { token?: string }; me?: { email?: string } } };
  const succeeded = target === 'Redis' ? (body: Answer) => body.data?.signIn?.token : (body: Answer) => body.data?.me?.email;

  const outcomes: Outcome[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const started = performance.now();
      const answer = await request().catch(() => null);
      outcomes.push({ started, ended: performance.now(), ok: answer !== null && Boolean(succeeded(answer.body)) });
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  const rows: string[] = [];
  for (let round = 1; round <= 3; round++) {
    await pause(1000);
    const cut = performance.now();
    await proxy.cut();
    await pause(2000);
    const restored = performance.now();
    await proxy.restore();
    await pause(2000);
    const during = outcomes.filter((o) => o.ended > cut && o.started < restored);
    const failed = during.filter((o) => !o.ok);
    const recovered = outcomes.find((o) => o.ok && o.started >= restored);
    rows.push(
      [
        `${target} cut ${round}`,
        String(during.length),
        String(failed.length),
        failed.length ? `${median(failed.map((o) => o.ended - o.started)).toFixed(1)} ms` : '-',
        recovered ? `${(recovered.ended - restored).toFixed(0)} ms` : 'never',
        app.child.exitCode === null ? 'yes' : 'NO',
      ].join(' | '),
    );
  }
  running = false;
  await Promise.all(workers);
  for (const cleanup of cleanups.reverse()) await cleanup();
  await proxy.close();
  await database.drop();
  return rows;
}

console.log('| fault | requests during the cut | failed | median time to fail | first success after restore | process up |');
console.log('|---|---|---|---|---|---|');
for (const target of ['PostgreSQL', 'Redis'] as const) {
  for (const row of await measure(target)) console.log(`| ${row} |`);
}
