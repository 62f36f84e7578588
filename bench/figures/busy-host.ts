/**
 * Sign-ins on a busy host: 10 at once (one account each) at the production cost, timed until the
 * last one answers, with every core held by a CPU-bound process at normal priority (one
 * `node -e 'for(;;){}'` per core: a shared CI runner, a Kubernetes node with noisy neighbours),
 * against the same without them. However the hashes are scheduled, other work must not stop them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Figure, figure, listed } from '../support/figure.ts';
import { alternate } from '../support/load.ts';
import { cpuSeconds, quiet } from '../support/process-stats.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { signInBodies } from '../support/seeded-database.ts';

const signIns = 10;

/** Seconds until every one of the sign-ins, sent at once, has its token. */
async function signInsTogether(url: string, bodies: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (!text.includes('"token"')) throw new Error(`a sign-in failed: ${text.slice(0, 300)}`);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Runs `work` while one spinning process per core holds every core. */
async function withEveryCoreBusy<T>(work: () => Promise<T>): Promise<T> {
  const hogs: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );
  const exited = hogs.map((hog) => once(hog, 'exit'));
  try {
    // Spinning, not still starting: each has had a tenth of a second of CPU.
    while (!hogs.every((hog) => hog.pid !== undefined && cpuSeconds(hog.pid) >= 0.1)) await sleep(20);
    return await work();
  } finally {
    for (const hog of hogs) hog.kill();
    await Promise.all(exited);
  }
}

export async function busyHost(backend: string, server: ProductionServer, pairs: number): Promise<Figure> {
  const bodies = signInBodies(signIns);
  const measured = async (busy: boolean) => {
    const seconds = busy ? await withEveryCoreBusy(() => signInsTogether(server.url, bodies)) : await signInsTogether(server.url, bodies);
    await quiet(server.pid);
    return seconds;
  };
  const result = await alternate(
    pairs,
    () => measured(false),
    () => measured(true),
  );
  return figure({
    id: 'sign-ins-on-busy-host',
    label: `${signIns} concurrent \`signIn\`, every core busy / idle`,
    backend,
    value: result.median,
    unit: 'ratio',
    target: { op: '<=', value: 2.5 },
    note: `${availableParallelism()} spinning processes at normal priority; idle ${listed(result.first)} s, busy ${listed(result.second)} s; pairs ${listed(result.ratios)}`,
  });
}
