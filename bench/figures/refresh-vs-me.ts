/**
 * `refreshSession` against `me`, 32 connections each: a refresh reads the session and the user and
 * rotates the session in one conditional write (a commit per request), where `me` reads one row.
 * Each connection refreshes a session of its own (see refreshing-sessions.ts).
 */
import { ME } from '../../test/support/operations.ts';
import { type Figure, figure, listed } from '../support/figure.ts';
import { body } from '../support/graphql-client.ts';
import { alternate, type Load, run } from '../support/load.ts';
import type { ProductionServer } from '../support/production-server.ts';
import type { RefreshingSessions } from '../support/refreshing-sessions.ts';

export const refreshConnections = 32;

/** What both refresh figures are measured with: `token` is `me`'s. */
export interface RefreshMeasure {
  token: string;
  sessions: RefreshingSessions;
  seconds: number;
  pairs: number;
}

/** `me` of one account at `connections` connections. */
export const meLoad = (server: ProductionServer, token: string, connections: number): Load => ({
  url: server.url,
  bodies: [body(ME)],
  headers: { authorization: `Bearer ${token}` },
  connections,
});

export async function refreshVsMe(backend: string, server: ProductionServer, measure: RefreshMeasure): Promise<Figure> {
  const { sessions, seconds, pairs } = measure;
  const reads = meLoad(server, measure.token, refreshConnections);
  const me = async () => (await run(reads, seconds)).requestsPerSecond;
  const refresh = async () => {
    const { requestsPerSecond } = await run(sessions.load(), seconds);
    await sessions.settle();
    return requestsPerSecond;
  };
  const result = await alternate(pairs, me, refresh);
  // The target is PostgreSQL's; SQLite's figure is reported beside it (one writer, commits on the loop).
  const target = backend === 'PostgreSQL' ? { op: '>=' as const, value: 0.25 } : null;
  return figure({
    id: 'refresh-vs-me',
    label: '`refreshSession` / `me` req/s',
    backend,
    value: result.median,
    unit: 'ratio',
    target,
    note: `${refreshConnections} connections, a session each; me ${listed(result.first, 0)}/s, refreshSession ${listed(result.second, 0)}/s; pairs ${listed(result.ratios)}`,
  });
}
