/**
 * `npm run bench:tracing`: what OpenTelemetry tracing costs `me`, on the server as production runs
 * it, over PostgreSQL when it answers (its queries are spans too), else SQLite. Side by side, in
 * alternating pairs after a warm-up: tracing off against tracing on, every request sampled and one
 * in ten (sent as OTLP/protobuf to a receiver in this process that counts and drops them), and, with BENCH_BASE set
 * to another checkout (the build before tracing), that build against tracing off: what off costs.
 * Prints the median ratios of req/s and of the server's CPU per request (/proc).
 *
 * BENCH_SECONDS: each run's length (default 3); BENCH_PAIRS: pairs per comparison (default 5).
 */

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Argon2PasswordHasher } from '../src/infrastructure/argon2/argon2-password-hasher.ts';
import { databaseBackends } from '../test/support/databases.ts';
import { ME, SIGN_IN } from '../test/support/operations.ts';
import { body, graphql } from './support/graphql-client.ts';
import { alternate, median, run } from './support/load.ts';
import { cpuSeconds, quiet } from './support/process-stats.ts';
import { type ProductionServer, startProductionServer } from './support/production-server.ts';
import { emailOf, password, seededDatabase } from './support/seeded-database.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const base = process.env.BENCH_BASE;
const connections = 32;
const backend = databaseBackends.find((candidate) => candidate.name === 'PostgreSQL' && candidate.available) ?? databaseBackends[0]!;

// A collector stand-in: reads each export whole, answers 200, keeps nothing but the count of bytes.
let exportedBytes = 0;
const receiver = createServer(async (request, response) => {
  for await (const chunk of request) exportedBytes += (chunk as Buffer).length;
  response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
}).listen(0, '127.0.0.1');
await new Promise((resolve) => receiver.once('listening', resolve));
const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const hash = await new Argon2PasswordHasher({ memoryCost: 65536, timeCost: 3, parallelism: 4, maxConcurrent: 1 }).hash(password);
const database = await seededDatabase(backend.create, 10, hash);
const logs = mkdtempSync(join(tmpdir(), 'bench-tracing-'));
const servers: ProductionServer[] = [];
const start = async (name: string, environment: Record<string, string>, cwd?: string) => {
  const server = await startProductionServer({ DATABASE_URL: database.url, ...environment }, join(logs, `${name}.log`), cwd);
  servers.push(server);
  return server;
};
try {
  const off = await start('off', {});
  const on = await start('on', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  const sampled = await start('sampled', {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.1',
  });
  const before = base ? await start('before', {}, base) : undefined;
  const token = ((await graphql(off.url, SIGN_IN, { input: { email: emailOf(1), password } })).signIn as { token: string }).token;
  console.log(`${backend.name}, \`me\` at ${connections} connections, ${seconds} s runs, ${pairs} pairs; server logs in ${logs}`);
  await compare('tracing on, every request / off', off, on, token);
  await compare('tracing on, one request in ten / off', off, sampled, token);
  if (before) await compare('off / the build before', before, off, token);
  console.log(`spans exported: ${(exportedBytes / 1e6).toFixed(1)} MB of OTLP/protobuf`);
} finally {
  for (const server of servers) await server.stop();
  receiver.close();
  await database.drop();
}

/** `second` against `first`: req/s and CPU per request, each the median of the pairs' ratios. */
async function compare(label: string, first: ProductionServer, second: ProductionServer, token: string) {
  const cpu = new Map<ProductionServer, number[]>([
    [first, []],
    [second, []],
  ]);
  const rate = (server: ProductionServer) => async () => {
    await quiet(server.pid);
    const used = cpuSeconds(server.pid);
    const measured = await run(
      { url: server.url, bodies: [body(ME)], headers: { authorization: `Bearer ${token}` }, connections },
      seconds,
    );
    cpu.get(server)!.push((cpuSeconds(server.pid) - used) / measured.requests);
    return measured.requestsPerSecond;
  };
  const result = await alternate(pairs, rate(first), rate(second));
  // The warm-up pair's CPU is left out, as its rates are.
  const [firstCpu, secondCpu] = [cpu.get(first)!.slice(1), cpu.get(second)!.slice(1)];
  const cpuRatio = median(secondCpu.map((value, pair) => value / firstCpu[pair]!));
  const rates = (values: number[]) => values.map((value) => Math.round(value)).join(', ');
  console.log(
    `${label}: req/s ×${result.median.toFixed(2)} (${rates(result.first)} against ${rates(result.second)}), CPU a request ×${cpuRatio.toFixed(2)}`,
  );
}
