import type { Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, password } from '../support/accounts.ts';
import { browserAvailable, chromiumPath } from '../support/browser.ts';
import { servePage } from '../support/cookie-session-page.ts';
import { sqliteBackend } from '../support/databases.ts';
import { runInGraphiQL } from '../support/graphiql.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite } from '../support/server.ts';
import { post, refreshCookieName, withCookie } from '../support/session-cookies.ts';
import { invalidRefreshToken, REFRESH_SESSION } from '../support/session-operations.ts';

declare global {
  interface Window {
    /** The page's client (test/support/cookie-session-page.ts). */
    session: {
      signIn(email: string, password: string): Promise<Record<string, unknown>>;
      refresh(): Promise<Record<string, unknown>>;
      me(): Promise<string | null>;
      signOut(): Promise<string>;
    };
  }
}

/**
 * Chromium keeps a Secure (so a `__Host-`) cookie from plain http only on a loopback name
 * (localhost, 127.0.0.1): these pages run on http://localhost. `app.test` is mapped to 127.0.0.1,
 * to show what becomes of the cookie on any other name without HTTPS.
 */
describe.skipIf(!browserAvailable)('cookie mode in Chromium', () => {
  let pages: { server: Server; port: number };
  const environment: NodeJS.ProcessEnv = { SESSION_COOKIE: 'true' };
  beforeAll(async () => {
    pages = await servePage();
    environment.CORS_ORIGINS = `http://localhost:${pages.port},http://app.test:${pages.port}`;
  });
  afterAll(() => new Promise((resolve) => pages?.server.close(resolve)));
  // Registered after the page's server, whose port CORS_ORIGINS names: hooks run in order.
  const suite = serverForSuite(sqliteBackend.create, environment);
  const { account } = clientOf(suite);
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP app.test 127.0.0.1'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const apiOn = (host: string) => suite.server.origin.replace('127.0.0.1', host);
  async function openApp(host: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(patienceMs);
    await page.goto(`http://${host}:${pages.port}/?api=${encodeURIComponent(apiOn(host))}`);
    return page;
  }
  const cookiesOf = async (page: Page) =>
    (await page.context().cookies(apiOn('localhost'))).filter((cookie) => cookie.name === refreshCookieName);

  it('a page of another origin signs in, reloads, refreshes from the cookie, uses the fresh access token, and signs out', async () => {
    const { email } = await account();
    const page = await openApp('localhost');
    const asked = Date.now();
    const signedIn = await page.evaluate(([e, p]) => window.session.signIn(e, p), [email, password] as const);
    const answeredWithin = (Date.now() - asked) / 1000;
    expect(signedIn).toMatchObject({ __typename: 'SignInPayload', accessToken: 'in memory', refreshToken: null });
    const [cookie] = await cookiesOf(page);
    expect(cookie).toMatchObject({ domain: 'localhost', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    // Max-Age wins over Expires: counted from when Chromium got it, rounded up to the second.
    const expiresAt = Date.parse(String(signedIn.refreshTokenExpiresAt)) / 1000;
    expect(cookie!.expires).toBeGreaterThanOrEqual(expiresAt);
    expect(cookie!.expires).toBeLessThan(expiresAt + 1 + answeredWithin);
    // HttpOnly: the page's scripts never see it (cookies are not told apart by port).
    expect(await page.evaluate(() => document.cookie)).not.toContain(refreshCookieName);
    expect(await page.evaluate(() => window.session.me())).toBe(email);

    await page.reload();
    expect(await page.evaluate(() => window.session.me())).toBe('no access token');
    expect(await page.evaluate(() => window.session.refresh())).toMatchObject({
      __typename: 'SignInPayload',
      accessToken: 'in memory',
      refreshToken: null,
    });
    expect(await page.evaluate(() => window.session.me())).toBe(email);
    const [rotated] = await cookiesOf(page);
    expect(rotated!.value).not.toBe(cookie!.value);

    expect(await page.evaluate(() => window.session.signOut())).toBe('SignOutPayload');
    expect(await cookiesOf(page)).toEqual([]);
    expect(await page.evaluate(() => window.session.refresh())).toEqual({ ...invalidRefreshToken, accessToken: undefined });
    // The cookie the browser held is refused by the server too, not only forgotten.
    const replayed = await post(
      suite.server.origin,
      REFRESH_SESSION,
      {},
      {
        'x-graphql-yoga-csrf': '1',
        origin: suite.server.origin,
        ...withCookie(rotated!.value),
      },
    );
    expect(replayed.result).toEqual(invalidRefreshToken);
    await page.close();
  });

  it('over plain http on a name that is not loopback, Chromium drops the Secure cookie: the session cannot outlive the page', async () => {
    const { email } = await account();
    const page = await openApp('app.test');
    expect(await page.evaluate(([e, p]) => window.session.signIn(e, p), [email, password] as const)).toMatchObject({
      __typename: 'SignInPayload',
      refreshToken: null,
    });
    expect(await page.context().cookies(apiOn('app.test'))).toEqual([]);
    await page.reload();
    expect(await page.evaluate(() => window.session.refresh())).toEqual({ ...invalidRefreshToken, accessToken: undefined });
    await page.close();
  });

  it('GraphiQL signs in, and after a reload refreshes from the cookie and runs a query with the fresh access token', async () => {
    const { email } = await account();
    const page = await browser.newPage();
    page.setDefaultTimeout(patienceMs);
    const document = `mutation SignIn { signIn(input: {email: "${email}", password: "${password}"}) { __typename ... on SignInPayload { refreshToken } } }
mutation Refresh { refreshSession { __typename ... on SignInPayload { accessToken refreshToken } } }
query Me { me { email } }`;
    await page.goto(`${apiOn('localhost')}/graphql?query=${encodeURIComponent(document)}`);
    const run = async (operationName: string, field: string) => (await runInGraphiQL(page, operationName, field)).result.data[field];

    expect(await run('SignIn', 'signIn')).toEqual({ __typename: 'SignInPayload', refreshToken: null });
    expect(await cookiesOf(page)).toHaveLength(1);
    await page.reload();
    expect(await run('Me', 'me')).toBeNull();
    expect(await run('Refresh', 'refreshSession')).toMatchObject({ __typename: 'SignInPayload', refreshToken: null });
    expect(await run('Me', 'me')).toEqual({ email });
    await page.close();
  });
});
