import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { CREATE_USER } from '../support/operations.ts';
import { serverForSuite } from '../support/test-server.ts';

const sqlite = databaseBackends[0]!;

describe('HTTP behaviour', () => {
  const suite = serverForSuite(sqlite.create);

  const post = async (body: string, accept: string) => {
    const response = await fetch(`${suite.server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body,
    });
    return { status: response.status, body: await response.json() };
  };

  const malformed: [string, string, string, string][] = [
    ['a missing input field', '{"query":"mutation { createUser(input: {email: \\"a@b.c\\", password: \\"p\\", surname: \\"s\\"}) { __typename } }"}', 'GRAPHQL_VALIDATION_FAILED', 'Field "UserDetailsInput.name" of required type "String!" was not provided.'],
    ['a wrong type', '{"query":"mutation { signIn(input: {email: 5, password: \\"x\\"}) { __typename } }"}', 'GRAPHQL_VALIDATION_FAILED', 'String cannot represent a non string value.'],
    ['an unknown field', '{"query":"{ me { passwordHash } }"}', 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "passwordHash" on type "User".'],
    ['a syntax error', '{"query":"{ me { id "}', 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
  ];

  it.each(malformed)('answers %s with 400 (GraphQL over HTTP) or 200 with errors (legacy JSON)', async (_, body, code, message) => {
    const modern = await post(body, 'application/graphql-response+json');
    expect(modern.status).toBe(400);
    expect(modern.body.errors).toMatchObject([{ message, extensions: { code } }]);
    const legacy = await post(body, 'application/json');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toEqual(modern.body);
  });

  it('answers bad JSON and batched requests with 400', async () => {
    expect(await post('{"query": ', 'application/json')).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(await post('[{"query":"{ me { id } }"}]', 'application/json')).toEqual({
      status: 400,
      body: { errors: [{ message: 'Batching is not supported.', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });

  it('serves GraphiQL with every script and style inline: it works with no internet', async () => {
    const response = await fetch(`${suite.server.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>User management</title>');
    expect(html).not.toMatch(/<(script|link)\b[^>]*\b(src|href)=["']?(https?:)?\/\//i);
  });

  it('answers GET /health with 200 while the database answers', async () => {
    const response = await fetch(`${suite.server.origin}/health`);
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('masks an unexpected failure: no SQL, no stack, no 5xx, and the server goes on', async () => {
    new Database(suite.database.url.slice('sqlite:'.length)).exec('alter table users rename to users_elsewhere');
    const input = { email: 'masked@doe.com', password: 'correct horse', name: 'J', surname: 'D' };
    const response = await suite.server.graphql(CREATE_USER, { input });
    expect(response).toEqual({
      status: 200,
      body: {
        data: null,
        errors: [
          {
            message: 'Unexpected error.',
            locations: [{ line: 2, column: 3 }],
            path: ['createUser'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      },
    });
    new Database(suite.database.url.slice('sqlite:'.length)).exec('alter table users_elsewhere rename to users');
    expect((await suite.server.graphql(CREATE_USER, { input })).body.data.createUser.__typename).toBe('User');
  });
});

describe('a failed insert', () => {
  const suite = serverForSuite(sqlite.create);

  it('logs the driver error without the SQL, so without the inlined hash', async () => {
    const file = suite.database.url.slice('sqlite:'.length);
    new Database(file).exec("create trigger refuse before insert on users begin select raise(abort, 'refused'); end");
    const input = { email: 'insert@doe.com', password: 'correct horse', name: 'J', surname: 'D' };
    expect((await suite.server.graphql(CREATE_USER, { input })).body.errors).toMatchObject([{ message: 'Unexpected error.' }]);
    const logged = suite.server.logs.join('');
    expect(logged).toContain('"message":"refused"');
    expect(logged).not.toContain('$argon2');
    expect(logged).not.toContain('correct horse');
  });
});
