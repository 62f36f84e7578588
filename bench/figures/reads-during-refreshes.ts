/**
 * `me`'s p99 while 32 connections refresh their sessions, against its p99 with the server otherwise
 * idle: what each refresh's commit costs the other requests (on SQLite it runs on the event loop).
 */
import { type Figure, figure, listed } from '../support/figure.ts';
import { alternate, run } from '../support/load.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { meLoad, type RefreshMeasure, refreshConnections } from './refresh-vs-me.ts';

const readers = 10;

export async function readsDuringRefreshes(backend: string, server: ProductionServer, measure: RefreshMeasure): Promise<Figure> {
  const { sessions, seconds, pairs } = measure;
  const reads = meLoad(server, measure.token, readers);
  const idle = async () => (await run(reads, seconds)).p99;
  const refreshRates: number[] = [];
  const refreshing = async () => {
    const [during, refreshes] = await Promise.all([run(reads, seconds), run(sessions.load(), seconds)]);
    await sessions.settle();
    refreshRates.push(refreshes.requestsPerSecond);
    return during.p99;
  };
  const result = await alternate(pairs, idle, refreshing);
  return figure({
    id: 'me-p99-during-refreshes',
    label: `\`me\` p99 during ${refreshConnections} connections of \`refreshSession\` / idle`,
    backend,
    value: result.median,
    unit: 'ratio',
    target: null,
    note: `${readers} connections of me; p99 idle ${listed(result.first, 1)} ms, during the refreshes ${listed(result.second, 1)} ms (refreshSession ${listed(refreshRates.slice(1), 0)}/s); pairs ${listed(result.ratios)}`,
  });
}
