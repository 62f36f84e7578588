/** `me` against `{ __typename }`, which reads nothing: what the token check and the read cost. */
import { ME } from '../../test/support/operations.ts';
import { type Figure, figure, listed } from '../support/figure.ts';
import { body } from '../support/graphql-client.ts';
import { alternate, run } from '../support/load.ts';
import type { ProductionServer } from '../support/production-server.ts';

const connections = 32;

export async function meVsTypename(
  backend: string,
  server: ProductionServer,
  token: string,
  seconds: number,
  pairs: number,
): Promise<Figure> {
  const headers = { authorization: `Bearer ${token}` };
  const rate = (query: string) => async () =>
    (await run({ url: server.url, bodies: [body(query)], headers, connections }, seconds)).requestsPerSecond;
  const result = await alternate(pairs, rate('{ __typename }'), rate(ME));
  return figure({
    id: 'me-vs-typename',
    label: '`me` / `{ __typename }` req/s',
    backend,
    value: result.median,
    unit: 'ratio',
    target: { op: '>=', value: 0.8 },
    note: `${connections} connections; __typename ${listed(result.first, 0)}/s, me ${listed(result.second, 0)}/s; pairs ${listed(result.ratios)}`,
  });
}
