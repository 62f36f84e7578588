import type { Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { CookieRefusedError } from '../../../../src/graphql/sessions/cookie-refused-error.ts';
import { refreshCookies } from '../../../../src/graphql/sessions/refresh-cookie.ts';

const trusted = { 'x-graphql-yoga-csrf': '1', host: 'api.example.com', origin: 'https://api.example.com' };
const request = (headers: Record<string, string>) => new Request('http://api.example.com/graphql', { method: 'POST', headers });

/** The Set-Cookie headers the plugin writes into the response of `request`. */
function answered(plugin: Plugin, request: Request): string[] {
  const response = new Response('{}');
  type Hook = (payload: { request: Request; response: Response }) => void;
  (plugin.onResponse as Hook)({ request, response });
  return response.headers.getSetCookie();
}

describe('the refresh cookie', () => {
  const { plugin, of } = refreshCookies([]);

  it('reads the token from the Cookie header, among others; none is null, untrusted is refused', () => {
    expect(of(request({ ...trusted, cookie: 'a=1; __Host-refresh-token=abc-_9 ; b=2' })).token()).toBe('abc-_9');
    expect(of(request({ ...trusted, cookie: 'refresh-token=abc; __Secure-refresh-token=abc' })).token()).toBeNull();
    expect(of(request(trusted)).token()).toBeNull();
    // No cookie, nothing to refuse: a request without the CSRF header just has none.
    expect(of(request({ cookie: 'a=1' })).token()).toBeNull();
    expect(() => of(request({ cookie: '__Host-refresh-token=abc' })).token()).toThrow(CookieRefusedError);
  });

  it('writes the one it set last into the response, until its session ends; clearing expires it; nothing set, nothing written', () => {
    const signedIn = request({});
    const now = new Date('2026-12-01T10:00:00.000Z');
    // Max-Age rounds the session's milliseconds up: the cookie never ends before the token.
    const expiresAt = new Date(now.getTime() + 3_599_001);
    of(signedIn).set('first', expiresAt, now);
    of(signedIn).set('token', expiresAt, now);
    expect(answered(plugin, signedIn)).toEqual([
      `__Host-refresh-token=token; Path=/; Max-Age=3600; Expires=${expiresAt.toUTCString()}; Secure; HttpOnly; SameSite=Strict`,
    ]);
    const signedOut = request({});
    of(signedOut).clear();
    expect(answered(plugin, signedOut)).toEqual([
      '__Host-refresh-token=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict',
    ]);
    expect(answered(plugin, request({}))).toEqual([]);
  });
});
