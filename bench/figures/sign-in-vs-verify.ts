/**
 * signIn throughput against raw argon2.verify throughput: the same hash, as many at once as the
 * server's hash cap, the verifies run in this process while the server is idle. What the GraphQL
 * and HTTP layer, the token and the database add to a sign-in.
 */
import argon2 from 'argon2';
import { type Figure, figure, listed } from '../support/figure.ts';
import { alternate, run } from '../support/load.ts';
import { quiet } from '../support/process-stats.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { password, signInBodies } from '../support/seeded-database.ts';

async function verifiesPerSecond(hash: string, concurrency: number, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let verified = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      if (!(await argon2.verify(hash, password))) throw new Error('the seeded hash does not verify');
      // As autocannon counts the sign-ins: those done within the window.
      if (performance.now() < deadline) verified++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return verified / seconds;
}

export async function signInVsVerify(
  backend: string,
  server: ProductionServer,
  { hash, hashCap, seconds, pairs }: { hash: string; hashCap: number; seconds: number; pairs: number },
): Promise<Figure> {
  // Enough to keep every hash slot busy, few enough that none waits longer than a measurement.
  const connections = 4 * hashCap;
  const bodies = signInBodies(connections);
  const signIns = async () => {
    const { requestsPerSecond } = await run({ url: server.url, bodies, connections }, seconds);
    await quiet(server.pid);
    return requestsPerSecond;
  };
  const result = await alternate(pairs, () => verifiesPerSecond(hash, hashCap, seconds), signIns);
  return figure({
    id: 'sign-in-vs-verify',
    label: '`signIn` / raw `argon2.verify` throughput',
    backend,
    value: result.median,
    unit: 'ratio',
    target: { op: '>=', value: 0.95 },
    note: `${hashCap} at once; verify ${listed(result.first, 1)}/s, signIn ${listed(result.second, 1)}/s (${connections} connections); pairs ${listed(result.ratios)}`,
  });
}
