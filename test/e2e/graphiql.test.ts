import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { serverForSuite } from '../support/test-server.ts';

const executablePath = '/usr/bin/chromium';
const browserPresent = existsSync(executablePath);
if (!browserPresent && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1, but there is no browser at ${executablePath} (apt-get install chromium)`);
}

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

  it("loads only from this server, gets its schema past the depth limit, and runs a mutation", async () => {
    const page = await browser.newPage();
    const introspection = page.waitForResponse((response) => response.request().postData()?.includes('__schema') ?? false);
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(suite.server.origin) || /^(data|blob):/.test(url)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const query = 'mutation { createUser(input: {email: "graphiql@doe.com", password: "correct horse", name: "Grace", surname: "Hopper"}) { __typename ... on User { email active } } }';
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
});
