import { AsyncLocalStorage } from 'node:async_hooks';

/** What a client or proxy may send as `x-request-id`: a plain token, short enough for a log line. */
const wellFormed = /^[\w.:-]{1,128}$/;

/** The request's id: the `x-request-id` the client or a proxy sent when well formed, a new UUID otherwise. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && wellFormed.test(header) ? header : crypto.randomUUID();
}

/** The id of the request being served, for every log line written on its behalf. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();
