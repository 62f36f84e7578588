import type { Plugin } from 'graphql-yoga';
import { CookieRefusedError } from './cookie-refused-error.ts';
import { trustedCookieRequest } from './trusted-cookie-request.ts';

/**
 * `__Host-`: a browser keeps the cookie only if this very host set it, Secure, with Path=/ and no
 * Domain, so neither a sibling subdomain nor a plain-http page can plant or overwrite it.
 */
const name = '__Host-refresh-token';
/** No script reads it, it goes over HTTPS only (or to a loopback name), and never with a request another site starts. */
const attributes = 'Secure; HttpOnly; SameSite=Strict';

/** One request's side of cookie mode (SESSION_COOKIE): the token its cookie holds, and the cookie its answer sets. */
export interface RefreshCookie {
  /**
   * The refresh token of the request's cookie; null when it came with none. A cookie that came
   * without the CSRF header or from an origin not trusted is not used: CookieRefusedError.
   */
  token(): string | null;
  /** The answer sets the cookie to `token`, until `expiresAt` (Max-Age counted from the sessions' `now`). */
  set(token: string, expiresAt: Date, now: Date): void;
  /** The answer removes the cookie. */
  clear(): void;
}

/**
 * Cookie mode at the edge: each request's RefreshCookie, and the Yoga plugin that writes the cookie
 * it set into the response (as @whatwg-node/server-plugin-cookies does, which writes no Max-Age).
 */
export function refreshCookies(corsOrigins: readonly string[]): { plugin: Plugin; of(request: Request): RefreshCookie } {
  const trusted = trustedCookieRequest(corsOrigins);
  const answered = new WeakMap<Request, string>();
  return {
    plugin: {
      onResponse({ request, response }) {
        const setCookie = answered.get(request);
        if (setCookie !== undefined) response.headers.append('set-cookie', setCookie);
      },
    },
    of: (request) => ({
      token() {
        const token = cookieValue(request.headers.get('cookie'));
        if (token !== null && !trusted(request)) throw new CookieRefusedError();
        return token;
      },
      set: (token, expiresAt, now) => answered.set(request, setCookieHeader(token, expiresAt, now)),
      clear: () => answered.set(request, setCookieHeader('', new Date(0), new Date(0))),
    }),
  };
}

/** Max-Age, which a browser prefers, holds whatever its clock says; rounded up, it ends with the session's second. */
function setCookieHeader(value: string, expiresAt: Date, now: Date): string {
  const maxAge = Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}; ${attributes}`;
}

/**
 * The refresh cookie's value in a Cookie header (the first, should a client send it twice); null
 * when absent. Only spaces and tabs surround a name (RFC 6265): trim() would also strip U+00A0 and
 * the like, and read a cookie of another name, without the __Host- guarantees, as this one.
 */
function cookieValue(header: string | null): string | null {
  const blank = /^[ \t]+|[ \t]+$/g;
  for (const pair of header?.split(';') ?? []) {
    const split = pair.indexOf('=');
    if (split > 0 && pair.slice(0, split).replace(blank, '') === name) return pair.slice(split + 1).replace(blank, '');
  }
  return null;
}
