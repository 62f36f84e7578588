import { expect } from 'vitest';
import type { SuiteServer } from './server.ts';

/** What cookie mode (SESSION_COOKIE=true) sets, as a browser gets it. */
export const refreshCookieName = '__Host-refresh-token';
const attributes = 'Secure; HttpOnly; SameSite=Strict';
export const refreshCookie = (token: string, expiresAt: string, maxAgeSeconds: number) =>
  `${refreshCookieName}=${token}; Path=/; Max-Age=${maxAgeSeconds}; Expires=${new Date(expiresAt).toUTCString()}; ${attributes}`;
export const clearedCookie = `${refreshCookieName}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes}`;

/** The header Yoga's CSRF prevention names: only a script a CORS preflight let through can set it. */
export const csrfHeader = { 'x-graphql-yoga-csrf': '1' };
export const cookieRefused = {
  __typename: 'CookieRefusedError',
  message: 'The session cookie is taken only with the header x-graphql-yoga-csrf and an Origin of this server or of CORS_ORIGINS',
};

export interface CookieAnswer {
  // biome-ignore lint: an answer is whatever JSON the server sent.
  result: any;
  /** Every Set-Cookie header of the response. */
  setCookie: string[];
  headers: Headers;
}

/** A POST to `origin`/graphql, answering its one root field's result and the response's Set-Cookie headers. */
export async function post(origin: string, query: string, variables: object, headers: Record<string, string>): Promise<CookieAnswer> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return { result: Object.values(body.data)[0], setCookie: response.headers.getSetCookie(), headers: response.headers };
}

/** The refresh token a Set-Cookie header list gives the refresh cookie. */
export function tokenIn(setCookie: string[]): string {
  expect(setCookie).toHaveLength(1);
  const token = new RegExp(`^${refreshCookieName}=([\\w-]+);`).exec(setCookie[0]!)?.[1];
  expect(token).toMatch(/^[\w-]{70}$/);
  return token!;
}

/** The Cookie header a browser sends back with the refresh cookie. */
export const withCookie = (token: string) => ({ cookie: `theme=dark; ${refreshCookieName}=${token}` });

/** One suite's server in cookie mode: `ask` posts to it; `ownPage` is what a page of its own origin sends beside the cookie. */
export function cookieClientOf(suite: SuiteServer) {
  return {
    ask: (query: string, variables: object = {}, headers: Record<string, string> = {}) =>
      post(suite.server.origin, query, variables, headers),
    ownPage: () => ({ ...csrfHeader, origin: suite.server.origin }),
  };
}
