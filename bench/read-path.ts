/**
 * `node bench/read-path.ts`: what `me` costs next to a query that reads nothing (`{ __typename }`),
 * on the server as production runs it (NODE_ENV=production, a process of its own, a temp SQLite
 * database unless DATABASE_URL says otherwise). Both are run in turn, pair after pair, so the noise of
 * a shared machine falls on both alike; it prints each one's median req/s and the ratio me/__typename,
 * once at LOG_LEVEL=warn and once at info (the access line per request costs).
 *
 * BENCH_SECONDS: each run's length (default 3); BENCH_PAIRS: how many pairs (default 5);
 * BENCH_LOG_LEVELS: which levels (default "warn,info"); BENCH_CPU_PROF=dir: instead, profile the
 * server (`node --cpu-prof`) under `me` alone for BENCH_SECONDS and write the .cpuprofile there.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ACTIVATE, CREATE_USER, SIGN_IN } from '../test/support/operations.ts';
import { median } from './support/load.ts';
import { productionSecrets } from './support/production-server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const levels = (process.env.BENCH_LOG_LEVELS ?? 'warn,info').split(',');
const profileDir = process.env.BENCH_CPU_PROF;
const connections = 32;
const TYPENAME = '{ __typename }';
const ME = 'query Me { me { id email name surname active } }';
const user = { email: 'bench@example.com', password: 'correct horse battery', name: 'Ben', surname: 'Mark' };
const credentials = { email: user.email, password: user.password };
const json = { 'content-type': 'application/json' };
const body = (query: string, input?: object) => JSON.stringify(input ? { query, variables: { input } } : { query });

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** The server as `npm start` runs it in production; its log goes to a file, as to a collector. */
async function startServer(logLevel: string, directory: string) {
  const port = await freePort();
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const log = openSync(join(directory, `server-${logLevel}.log`), 'a');
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    stdio: ['ignore', log, 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: logLevel,
      ...productionSecrets,
      DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${directory}/app.db`,
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${origin}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (tries > 300) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: `${origin}/graphql` };
}

async function graphql(url: string, query: string, input: object) {
  const response = await fetch(url, { method: 'POST', headers: json, body: body(query, input) });
  return (await response.json()).data;
}

async function rate(options: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections, duration: seconds, ...options });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${failed} failed requests`);
  return result.requests.average;
}

for (const logLevel of profileDir ? ['warn'] : levels) {
  const directory = mkdtempSync(join(tmpdir(), 'read-path-'));
  const { child, url } = await startServer(logLevel, directory);
  try {
    await graphql(url, CREATE_USER, user);
    await graphql(url, ACTIVATE, credentials);
    const { token } = (await graphql(url, SIGN_IN, credentials)).signIn;
    const headers = { ...json, authorization: `Bearer ${token}` };
    const check = await (await fetch(url, { method: 'POST', headers, body: body(ME) })).json();
    if (!check.data?.me?.id) throw new Error(`me answered ${JSON.stringify(check)}`);
    const typename = { url, method: 'POST' as const, headers, body: body(TYPENAME) };
    const me = { url, method: 'POST' as const, headers, body: body(ME) };
    if (profileDir) {
      console.log(`me under --cpu-prof: ${(await rate(me)).toFixed(0)} req/s`);
      continue;
    }
    await rate({ ...typename, duration: 1 }); // warm-up
    await rate({ ...me, duration: 1 });
    const typenameRates: number[] = [];
    const meRates: number[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      // Alternate which goes first, so a drift in the machine's load does not favour either.
      const [first, second] = pair % 2 ? [me, typename] : [typename, me];
      const a = await rate(first);
      const b = await rate(second);
      const [t, m] = pair % 2 ? [b, a] : [a, b];
      typenameRates.push(t);
      meRates.push(m);
      ratios.push(m / t);
    }
    console.log(
      `LOG_LEVEL=${logLevel}: __typename ${median(typenameRates).toFixed(0)} req/s, me ${median(meRates).toFixed(0)} req/s, ` +
        `ratio median ${median(ratios).toFixed(2)} (pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(directory, { recursive: true, force: true });
  }
}
