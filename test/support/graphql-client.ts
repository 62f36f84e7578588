import { randomUUID } from 'node:crypto';
import { ACTIVATE, CREATE_USER, SIGN_IN } from './operations.ts';

export interface Answer {
  status: number;
  text: string;
  // biome-ignore lint: a response body is whatever JSON the server sent.
  body: any;
  ms: number;
}

/** One GraphQL request over a connection of its own, timed. */
export async function graphql(
  origin: string,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text), ms: performance.now() - started };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new user, signed up, activated and signed in through `origin`. */
export async function activeUser(origin: string, password = 'correct horse') {
  const email = `${randomUUID()}@doe.com`;
  const input = { email, password };
  const created = await graphql(origin, CREATE_USER, { input: { ...input, name: 'Process', surname: 'Test' } });
  if (created.body.data?.createUser?.__typename !== 'User') throw new Error(`sign-up failed: ${created.text}`);
  await graphql(origin, ACTIVATE, { input });
  const signedIn = await graphql(origin, SIGN_IN, { input });
  return { email, password, token: signedIn.body.data.signIn.token as string };
}
