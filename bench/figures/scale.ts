/**
 * What a million users cost against a thousand: `me` and `signIn` on two servers, one over each
 * database, alternated; and an admin's `users` page 1,000,000 rows long at its start and 500,000
 * rows deep (a keyset page: it should cost what the first costs). One request at a time, so the
 * latencies are the server's, not a queue's.
 */
import { ME, SIGN_IN } from '../../test/support/operations.ts';
import { type Figure, figure, listed } from '../support/figure.ts';
import { body, graphql } from '../support/graphql-client.ts';
import { medianLatencyMs } from '../support/latency.ts';
import { alternate } from '../support/load.ts';
import type { ProductionServer } from '../support/production-server.ts';
import { emailOf, password } from '../support/seeded-database.ts';

/** Without totalCount, which counts every row: a client asks for it when it needs it, not per page. */
const USERS_PAGE = `query ($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    __typename
    ... on UserConnection { pageInfo { hasNextPage endCursor } edges { cursor node { id email name surname active role createdAt } } }
  }
}`;

interface Scale {
  small: { server: ProductionServer; users: number };
  large: { server: ProductionServer; users: number };
  seconds: number;
  pairs: number;
}

async function tokenOf(server: ProductionServer, email: string): Promise<string> {
  const { signIn } = (await graphql(server.url, SIGN_IN, { input: { email, password } })) as { signIn: { token?: string } };
  if (!signIn.token) throw new Error(`signIn of ${email}: ${JSON.stringify(signIn)}`);
  return signIn.token;
}

export async function scale(backend: string, { small, large, seconds, pairs }: Scale): Promise<Figure[]> {
  const sizes = `${large.users.toLocaleString('en')} users / ${small.users.toLocaleString('en')}`;
  const latency = (server: ProductionServer, query: string, variables: object, token?: string) => () =>
    medianLatencyMs(server.url, body(query, variables), token ? { authorization: `Bearer ${token}` } : {}, seconds);
  const compare = async (id: string, label: string, query: string, variables: object, email: string) => {
    const [smallToken, largeToken] = [await tokenOf(small.server, email), await tokenOf(large.server, email)];
    const result = await alternate(
      pairs,
      latency(small.server, query, variables, smallToken),
      latency(large.server, query, variables, largeToken),
    );
    return figure({
      id,
      label: `${label} p50, ${sizes}`,
      backend,
      value: result.median,
      unit: 'ratio',
      target: { op: '<=', value: 1.1 },
      note: `one at a time; p50 ${listed(result.first)} ms / ${listed(result.second)} ms; pairs ${listed(result.ratios)}`,
    });
  };
  const me = await compare('me-at-scale', '`me`', ME, {}, emailOf(2));
  const signIn = await compare('sign-in-at-scale', '`signIn`', SIGN_IN, { input: { email: emailOf(3), password } }, emailOf(3));

  const admin = await tokenOf(large.server, emailOf(1));
  const depth = large.users / 2;
  const found = (await graphql(large.server.url, USERS_PAGE, { first: 1, filter: { emailStartsWith: `seed-${depth}@` } }, admin)) as {
    users: { edges: { cursor: string }[] };
  };
  const after = found.users.edges[0]?.cursor;
  if (!after) throw new Error(`no cursor for ${emailOf(depth)}: ${JSON.stringify(found)}`);
  const pages = await alternate(
    pairs,
    latency(large.server, USERS_PAGE, { first: 20 }, admin),
    latency(large.server, USERS_PAGE, { first: 20, after }, admin),
  );
  return [
    me,
    signIn,
    figure({
      id: 'deep-users-page',
      label: `admin \`users\` page ${depth.toLocaleString('en')} rows deep / page 1`,
      backend,
      value: pages.median,
      unit: 'ratio',
      target: { op: '<=', value: 1.2 },
      note: `${large.users.toLocaleString('en')} users, 20 a page, one at a time; p50 ${listed(pages.first)} ms / ${listed(pages.second)} ms; pairs ${listed(pages.ratios)}`,
    }),
  ];
}
