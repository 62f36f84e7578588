import { request } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite, type TestServer } from '../support/server.ts';

const signIn = (alias: string) => `${alias}: signIn(input: {email: "a@b.co", password: "correct horse"}) { __typename }`;

async function post(server: TestServer, body: string) {
  const response = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  server.responses.push(await response.clone().text());
  return { status: response.status, body: await response.json() };
}
const query = (server: TestServer, document: string, operationName?: string) =>
  post(server, JSON.stringify({ query: document, operationName }));
const refused = (...messages: string[]) => ({
  status: 400,
  body: { errors: messages.map((message) => ({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) },
});
const messages = (body: { errors?: { message: string }[] }) => body.errors?.map((error) => error.message);

describe('document limits (development defaults)', () => {
  const suite = serverForSuite(sqliteBackend.create);
  const refusedPasswordFields = (found: number) =>
    `A document may contain only one of createUser, activate, deactivate, signIn, changePassword, deleteMe (aliases and fragments included); this one has ${found}.`;

  it('refuse two aliased password fields before execution', async () => {
    const response = await query(suite.server, `mutation { ${signIn('a')} ${signIn('b')} }`);
    expect(response).toEqual(refused(refusedPasswordFields(2)));
  });

  it('refuse 20 and 200 aliased signIns: no resolver runs, so nothing is hashed', async () => {
    const aliased = (count: number) => `mutation { ${Array.from({ length: count }, (_, i) => signIn(`a${i}`)).join(' ')} }`;
    expect(await query(suite.server, aliased(20))).toEqual(
      refused(
        refusedPasswordFields(20),
        'A document may contain at most 5 mutation fields (aliases and fragments included); this one has 20.',
        'Syntax Error: Aliases limit of 15 exceeded, found 20.',
      ),
    );
    // 200 of them do not even parse: the token limit stops the lexer first.
    expect(await query(suite.server, aliased(200))).toEqual({
      status: 400,
      body: { errors: [{ message: 'Syntax Error: Token limit of 1000 exceeded.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] },
    });
  });

  it('count password fields through fragments and across operations', async () => {
    const fragments = `mutation { ...Twice ...Twice } fragment Twice on Mutation { ${signIn('x')} }`;
    expect(await query(suite.server, fragments)).toEqual(refused(refusedPasswordFields(2)));
    const operations = `mutation A { ${signIn('x')} } mutation B { activate(input: {email: "a@b.co", password: "x"}) { __typename } }`;
    expect(await query(suite.server, operations, 'A')).toEqual(refused(refusedPasswordFields(2)));
  });

  it("let GraphiQL's own introspection query through", async () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      schemaDescription: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      oneOf: true,
    });
    const response = await query(suite.server, introspection);
    expect(response.status).toBe(200);
    expect(response.body.data.__schema.queryType).toEqual({ name: 'Query', kind: 'OBJECT' });
  });

  it('refuse a hostile deep introspection query', async () => {
    const deep = `{ __schema { types { fields { type ${'{ ofType '.repeat(14)}{ name }${' }'.repeat(14)} } } } }`;
    expect(await query(suite.server, deep)).toEqual(refused('Syntax Error: Query depth limit of 15 exceeded, found 19.'));
  });

  it('refuse too many aliases, tokens and directives, and too costly a document', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    expect(await query(suite.server, aliases)).toEqual(refused('Syntax Error: Aliases limit of 15 exceeded, found 16.'));
    const tokens = `{ me { ${'id '.repeat(1000)}} }`;
    expect(messages((await query(suite.server, tokens)).body)).toEqual(['Syntax Error: Token limit of 1000 exceeded.']);
    const directives = `{ me { ${'id @include(if: true) '.repeat(51)}} }`;
    expect(await query(suite.server, directives)).toEqual(refused('Syntax Error: Directives limit of 50 exceeded, found 51.'));
    // Each fragment spreads the next one twice: 2^13 copies of `me` from a few dozen tokens.
    const levels = 13;
    const chain = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const costly = `{ ...F0 } ${chain.join(' ')} fragment F${levels} on Query { me { id name surname email } }`;
    expect(await query(suite.server, costly)).toEqual(refused('Syntax Error: Query Cost limit of 5000 exceeded, found 7180912809.077881.'));
  });

  it('answer 413 to a body over 100 KB, declared or chunked, before parsing it', async () => {
    const padding = ' '.repeat(100 * 1024);
    const tooLarge = await post(suite.server, `{"query": "{ me { id } }"${padding}}`);
    expect(tooLarge).toEqual({ status: 413, body: { errors: [{ message: 'Request body is larger than 102400 bytes' }] } });
    const justUnder = await post(suite.server, `{"query": "{ me { id } }"${padding.slice(30)}}`);
    expect(justUnder).toEqual({ status: 200, body: { data: { me: null } } });

    const chunked = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${suite.server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      req.on('response', (response) => resolve(response.statusCode));
      req.on('error', reject);
      for (let i = 0; i < 30; i++) req.write(' '.repeat(4096)); // no Content-Length: chunked
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('keep field suggestions in development', async () => {
    expect(await query(suite.server, '{ mee { id } }')).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot query field "mee" on type "Query". Did you mean "me"?' }] },
    });
  });

  it('logged and answered no password and no hash', () => {
    expectNoSecrets([suite.server], ['correct horse']);
  });
});

describe('production defaults', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes!' };
  const suite = serverForSuite(sqliteBackend.create, production);
  const opened = serverForSuite(sqliteBackend.create, { ...production, GRAPHQL_INTROSPECTION: 'true', GRAPHIQL: 'true' });

  it('refuse introspection', async () => {
    const response = await query(suite.server, '{ __schema { queryType { name } } }');
    expect(response).toMatchObject({
      status: 400,
      body: {
        errors: [
          { message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".' },
          { message: 'GraphQL introspection has been disabled, but the requested query contained the field "queryType".' },
        ],
      },
    });
  });

  it('hide field suggestions', async () => {
    expect(await query(suite.server, '{ mee { id } }')).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot query field "mee" on type "Query". [Suggestion hidden]' }] },
    });
  });

  it('serve no GraphiQL, and say so', async () => {
    const response = await fetch(`${suite.server.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect([response.status, await response.text()]).toEqual([
      406,
      expect.stringMatching(/^GraphiQL is off here, .*\nTo turn it on, start the service with GRAPHIQL=true/),
    ]);
  });

  it('open introspection and GraphiQL when asked', async () => {
    const response = await query(opened.server, '{ __schema { queryType { name } } }');
    expect(response).toEqual({ status: 200, body: { data: { __schema: { queryType: { name: 'Query' } } } } });
    const page = await fetch(`${opened.server.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<title>User management</title>');
  });
});
