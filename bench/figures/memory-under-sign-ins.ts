/**
 * Peak resident memory while 64 sign-ins run at once (one account per connection: one account's
 * verifies queue one behind the other), then the resident memory after 5 s idle. Run on a fresh
 * server, first: what it holds after a read benchmark is another question.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Figure, figure } from '../support/figure.ts';
import { run } from '../support/load.ts';
import { quiet, resetPeak, residentMiB } from '../support/process-stats.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { signInBodies } from '../support/seeded-database.ts';

const clients = 64;
const idleSeconds = 5;

export async function memoryUnderSignIns(backend: string, server: ProductionServer, seconds: number): Promise<Figure[]> {
  const before = residentMiB(server.pid).now;
  resetPeak(server.pid);
  const bodies = signInBodies(clients);
  const signIns = await run({ url: server.url, bodies, connections: clients }, 2 * seconds);
  // The sign-ins still queued when the load stopped run to their end: the peak is theirs too.
  await quiet(server.pid);
  const peak = residentMiB(server.pid).peak;
  await sleep(idleSeconds * 1000);
  const idle = residentMiB(server.pid).now;
  const how = `${clients} connections, one account each, ${2 * seconds} s: ${signIns.requestsPerSecond.toFixed(1)} signIns/s; RSS before ${before.toFixed(0)} MiB`;
  return [
    figure({
      id: 'peak-rss-sign-ins',
      label: 'peak RSS under 64 concurrent signIns',
      backend,
      value: peak,
      unit: 'MiB',
      target: { op: '<=', value: 300 },
      note: how,
    }),
    figure({
      id: 'idle-rss-after',
      label: `RSS ${idleSeconds} s after the signIns`,
      backend,
      value: idle,
      unit: 'MiB',
      target: { op: '<=', value: 250 },
      note: how,
    }),
  ];
}
