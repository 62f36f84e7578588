import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, chromiumPath } from '../support/browser.ts';
import { sqliteBackend } from '../support/databases.ts';
import { runInGraphiQL } from '../support/graphiql.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite } from '../support/server.ts';

/** The screenshot docs/api.md shows, rewritten by every run. */
const screenshotPath = fileURLToPath(new URL('../../docs/graphiql.png', import.meta.url));

describe.skipIf(!browserAvailable)('GraphiQL in a real browser, with no internet', () => {
  const suite = serverForSuite(sqliteBackend.create);
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A new page whose steps wait for what they need (an element, a response) up to a guard, not a budget. */
  async function openPage(options?: BrowserContextOptions): Promise<Page> {
    const page = await browser.newPage(options);
    page.setDefaultTimeout(patienceMs);
    return page;
  }

  /** Lets the page load only from the server under test; returns every other address it asked for. */
  async function offline(page: Page): Promise<string[]> {
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(suite.server.origin) || /^(data|blob):/.test(url)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    return elsewhere;
  }

  const introspected = (page: Page) => page.waitForResponse((response) => response.request().postData()?.includes('__schema') ?? false);

  it('loads only from this server, gets its schema past the depth limit, and runs a mutation', async () => {
    const page = await openPage();
    const introspection = introspected(page);
    const elsewhere = await offline(page);
    const query =
      'mutation { createUser(input: {email: "graphiql@doe.com", password: "correct horse", name: "Grace", surname: "Hopper"}) { __typename ... on User { email active } } }';
    await page.goto(`${suite.server.origin}/graphql?query=${encodeURIComponent(query)}`);
    const schema = await introspection;
    expect(schema.status()).toBe(200);
    expect((await schema.json()).data.__schema.mutationType).toEqual({ name: 'Mutation', kind: 'OBJECT' });
    await page.locator('.graphiql-execute-button').click();
    const response = async () => (await page.locator('.graphiql-response').textContent())?.replace(/\s/g, '');
    const expected = { data: { createUser: { __typename: 'User', email: 'graphiql@doe.com', active: false } } };
    await expect.poll(response, { timeout: patienceMs }).toBe(JSON.stringify(expected));
    expect(elsewhere).toEqual([]);
  });

  it('loads its files once; a reload takes them from the cache and asks for the page alone', async () => {
    // No page.route() here: routing turns the browser's HTTP cache off.
    const page = await browser.newPage();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname.replace(/-[0-9a-f]{10}\./, '-<hash>.')));
    /** The GETs this server answered since `from`, by path (hashes left out) and status. */
    const gets = (from: number) =>
      suite.server.logs
        .slice(from)
        .map((line) => JSON.parse(line))
        .filter((line) => line.msg === 'request' && line.method === 'GET')
        .map(({ path, status }) => `${status} ${path.replace(/-[0-9a-f]{10}\./, '-<hash>.')}`);
    const load = async (go: () => Promise<unknown>) => {
      workers.length = 0;
      const from = suite.server.logs.length;
      const introspection = introspected(page);
      await go();
      await introspection;
      // Each editor's worker has started, so it has been loaded (from the server, or the cache).
      await expect.poll(() => workers.length).toBe(3);
      // Distinct: the first load may ask for a worker's file again before the first answer is cached.
      return { gets: [...new Set(gets(from))].sort(), workers: workers.sort() };
    };
    const assets = [
      'editor-worker-<hash>.js',
      'favicon-<hash>.ico',
      'graphiql-<hash>.css',
      'graphiql-<hash>.js',
      'graphql-worker-<hash>.js',
      'json-worker-<hash>.js',
    ];
    const workerFiles = [
      '/graphql/assets/editor-worker-<hash>.js',
      '/graphql/assets/graphql-worker-<hash>.js',
      '/graphql/assets/json-worker-<hash>.js',
    ];
    expect(await load(() => page.goto(`${suite.server.origin}/graphql`))).toEqual({
      gets: ['200 /graphql', ...assets.map((asset) => `200 /graphql/assets/${asset}`)],
      workers: workerFiles,
    });
    // The page comes again whole, 2 kB: GraphiQL's POSTs to the same URL make the browser drop its copy (RFC 9111, 4.4).
    expect(await load(() => page.reload())).toEqual({ gets: ['200 /graphql'], workers: workerFiles });
  });

  it('opens on the lifecycle, runs it in order with the token of SignIn sent by itself, and shows it', async () => {
    const page = await openPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const introspection = introspected(page);
    const elsewhere = await offline(page);
    await page.goto(`${suite.server.origin}/graphql`);
    expect((await introspection).status()).toBe(200);
    const editor = async () => (await page.locator('.graphiql-query-editor .view-lines').textContent())?.replace(/\u00a0/g, ' ');
    await expect.poll(editor, { timeout: patienceMs }).toContain('1. CreateUser   2. Activate   3. SignIn');

    const run = (operationName: string, field: string) => runInGraphiQL(page, operationName, field);
    const email = 'ada@example.com';

    const created = await run('CreateUser', 'createUser');
    expect(created.result).toEqual({
      data: {
        createUser: {
          __typename: 'User',
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
          email,
          active: false,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      },
    });
    expect(created.authorization).toBeNull();
    expect(await run('Activate', 'activate')).toEqual({
      result: { data: { activate: { __typename: 'User', email, active: true } } },
      authorization: null,
    });
    const signedIn = await run('SignIn', 'signIn');
    expect(signedIn.result).toEqual({
      data: {
        signIn: {
          __typename: 'SignInPayload',
          token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
          expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          user: { email },
        },
      },
    });
    expect(await run('Me', 'me')).toEqual({
      result: { data: { me: { email, name: 'Ada', surname: 'Lovelace', active: true } } },
      authorization: `Bearer ${signedIn.result.data.signIn.token}`,
    });

    // Nothing hovered, nothing blinking: the same picture every run.
    await page.mouse.move(1270, 790);
    await page.locator('.graphiql-tooltip').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath, animations: 'disabled', caret: 'hide' });

    expect(await run('Deactivate', 'deactivate')).toEqual({
      result: { data: { deactivate: { __typename: 'User', email, active: false } } },
      authorization: `Bearer ${signedIn.result.data.signIn.token}`,
    });

    // A header of the user's own is sent as it is, never replaced.
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor:visible').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('{"Authorization": "Bearer mine"}');
    expect(await run('Me', 'me')).toEqual({ result: { data: { me: null } }, authorization: 'Bearer mine' });
    expect(elsewhere).toEqual([]);
  });
});
