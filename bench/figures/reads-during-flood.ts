/**
 * `me`'s p99 while 20 connections sign in (one account each, so the hash cap, not one account's
 * queue, is what they wait on), against its p99 with the server otherwise idle.
 */
import { ME } from '../../test/support/operations.ts';
import { type Figure, figure, listed } from '../support/figure.ts';
import { body } from '../support/graphql-client.ts';
import { alternate, run } from '../support/load.ts';
import { quiet } from '../support/process-stats.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { signInBodies } from '../support/seeded-database.ts';

const readers = 10;
const signers = 20;

export async function readsDuringFlood(
  backend: string,
  server: ProductionServer,
  token: string,
  seconds: number,
  pairs: number,
): Promise<Figure> {
  const reads = { url: server.url, bodies: [body(ME)], headers: { authorization: `Bearer ${token}` }, connections: readers };
  const flood = {
    url: server.url,
    bodies: signInBodies(signers),
    connections: signers,
  };
  const idle = async () => (await run(reads, seconds)).p99;
  const flooded = async () => {
    const [during] = await Promise.all([run(reads, seconds), run(flood, seconds)]);
    await quiet(server.pid);
    return during.p99;
  };
  const result = await alternate(pairs, idle, flooded);
  return figure({
    id: 'me-p99-during-flood',
    label: '`me` p99 during a 20-connection `signIn` flood / idle',
    backend,
    value: result.median,
    unit: 'ratio',
    target: { op: '<=', value: 1.5 },
    note: `${readers} connections of me; p99 idle ${listed(result.first, 1)} ms, during the flood ${listed(result.second, 1)} ms; pairs ${listed(result.ratios)}`,
  });
}
