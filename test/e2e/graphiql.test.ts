import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { serverForSuite } from '../support/test-server.ts';

const executablePath = '/usr/bin/chromium';
const browserPresent = existsSync(executablePath);
if (!browserPresent && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1, but there is no browser at ${executablePath} (apt-get install chromium)`);
}

/** The screenshot docs/api.md shows, rewritten by every run. */
const screenshotPath = fileURLToPath(new URL('../../docs/graphiql.png', import.meta.url));

describe.skipIf(!browserPresent)('GraphiQL in a real browser, with no internet', () => {
  const suite = serverForSuite(databaseBackends[0]!.create);
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

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
    const page = await browser.newPage();
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
    await expect.poll(response, { timeout: 15_000 }).toBe(JSON.stringify(expected));
    expect(elsewhere).toEqual([]);
  });

  it('opens on the lifecycle, runs it in order with the token of SignIn sent by itself, and shows it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const introspection = introspected(page);
    const elsewhere = await offline(page);
    await page.goto(`${suite.server.origin}/graphql`);
    expect((await introspection).status()).toBe(200);
    const editor = async () => (await page.locator('.graphiql-query-editor .view-lines').textContent())?.replace(/\u00a0/g, ' ');
    await expect.poll(editor).toContain('1. CreateUser   2. Activate   3. SignIn');

    /** Picks the operation from the execute button's menu; answers what the response pane then shows. */
    const run = async (operationName: string, field: string) => {
      const sent = page.waitForRequest((request) => request.postDataJSON()?.operationName === operationName);
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.graphiql-dropdown-item', { hasText: new RegExp(`^${operationName}$`) }).click();
      const request = await sent;
      // Without whitespace: the editor wraps a long token over indented lines. No value here holds a space.
      const shown = async () => {
        try {
          return JSON.parse((await page.locator('.graphiql-response').textContent())?.replace(/\s/g, '') ?? '');
        } catch {
          return null; // still loading
        }
      };
      await expect.poll(async () => Object.keys((await shown())?.data ?? {}), { timeout: 15_000 }).toEqual([field]);
      return { result: await shown(), authorization: await request.headerValue('authorization') };
    };
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
