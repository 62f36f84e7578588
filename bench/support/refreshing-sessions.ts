/**
 * Sessions that keep refreshing, one per connection (each seeded account signed in once,
 * beforehand): each connection sends its session's newest refresh token and keeps the successor
 * from each answer, as a client does. A run's end cuts requests in flight, whose successors are
 * then lost: `settle` sends each session's last known token once more, which the server answers
 * with that same successor within its grace window (or rotates, if the answer had come back).
 */
import { body, graphql } from './graphql-client.ts';
import type { Load } from './load.ts';
import { emailOf, password } from './seeded-database.ts';

const SIGN_IN = `mutation ($input: UserCredentialsInput!) {
  signIn(input: $input) { __typename ... on SignInPayload { refreshToken } }
}`;
const REFRESH = `mutation ($input: RefreshSessionInput) {
  refreshSession(input: $input) { __typename ... on SignInPayload { accessToken refreshToken } }
}`;

interface Renewed {
  __typename: string;
  refreshToken?: string;
}

const refreshBody = (refreshToken: string) => body(REFRESH, { input: { refreshToken } });

/** The successor in a refreshSession or signIn answer; null for any other answer. */
const successor = (renewed: Renewed | undefined): string | null =>
  renewed?.__typename === 'SignInPayload' && renewed.refreshToken ? renewed.refreshToken : null;

export interface RefreshingSessions {
  /** The load of `connections` connections, each refreshing its own session. */
  load(): Load;
  /** Brings every session's token up to date after a run: call it at once, inside the grace window. */
  settle(): Promise<void>;
}

/** Signs in seeded users 1…`connections`, one session each. */
export async function refreshingSessions(url: string, connections: number): Promise<RefreshingSessions> {
  const signIn = async (n: number) => {
    const data = (await graphql(url, SIGN_IN, { input: { email: emailOf(n + 1), password } })) as { signIn: Renewed };
    const token = successor(data.signIn);
    if (token === null) throw new Error(`signIn of ${emailOf(n + 1)} answered ${data.signIn.__typename}`);
    return token;
  };
  const tokens = await Promise.all(Array.from({ length: connections }, (_, n) => signIn(n)));
  const refresh = async (connection: number) => {
    const data = (await graphql(url, REFRESH, { input: { refreshToken: tokens[connection] } })) as { refreshSession: Renewed };
    const token = successor(data.refreshSession);
    if (token === null) throw new Error(`refreshSession answered ${data.refreshSession.__typename}`);
    tokens[connection] = token;
  };
  return {
    load: () => ({
      url,
      bodies: tokens.map(refreshBody),
      connections,
      follow: (answer, connection) => {
        const token = successor((JSON.parse(answer) as { data?: { refreshSession: Renewed } }).data?.refreshSession);
        if (token === null) return null;
        tokens[connection] = token;
        return refreshBody(token);
      },
    }),
    settle: async () => {
      await Promise.all(tokens.map((_, connection) => refresh(connection)));
    },
  };
}
