import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseBackends, sqliteBackend } from '../support/databases.ts';
import { CREATE_USER } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

describe('HTTP behaviour', () => {
  const suite = serverForSuite(sqliteBackend.create);

  const post = async (body: string, accept: string) => {
    const response = await fetch(`${suite.server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body,
    });
    return { status: response.status, body: await response.json() };
  };

  const malformed: [string, string, string, string][] = [
    [
      'a missing input field',
      '{"query":"mutation { createUser(input: {email: \\"a@b.c\\", password: \\"p\\", surname: \\"s\\"}) { __typename } }"}',
      'GRAPHQL_VALIDATION_FAILED',
      'Field "UserDetailsInput.name" of required type "String!" was not provided.',
    ],
    [
      'a wrong type',
      '{"query":"mutation { signIn(input: {email: 5, password: \\"x\\"}) { __typename } }"}',
      'GRAPHQL_VALIDATION_FAILED',
      'String cannot represent a non string value.',
    ],
    [
      'an unknown field',
      '{"query":"{ me { passwordHash } }"}',
      'GRAPHQL_VALIDATION_FAILED',
      'Cannot query field "passwordHash" on type "User".',
    ],
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

  it('serves GraphiQL with every script and style from this server: it works with no internet', async () => {
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

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`a failed insert, on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);

    it('logs the error class, code and constraint: never the message or detail, which quote the row and its hash', async () => {
      const refuse = async () => {
        if (backend.name === 'SQLite') {
          const file = suite.database.url.slice('sqlite:'.length);
          new Database(file).exec("create trigger refuse before insert on users begin select raise(abort, 'refused'); end");
          return;
        }
        const client = new pg.Client({ connectionString: suite.database.url });
        await client.connect();
        await client.query("alter table users add constraint users_refuse check (name <> 'Refused')");
        await client.end();
      };
      await refuse();
      const input = { email: 'insert@doe.com', password: 'correct horse', name: 'Refused', surname: 'D' };
      expect((await suite.server.graphql(CREATE_USER, { input })).body.errors).toMatchObject([{ message: 'Unexpected error.' }]);
      const errorLine = suite.server.logs.map((line) => JSON.parse(line)).find((line) => line.level === 50);
      expect(errorLine.err).toEqual(
        backend.name === 'SQLite'
          ? { type: 'DriverException', code: 'SQLITE_CONSTRAINT_TRIGGER', path: ['createUser'] }
          : { type: 'CheckConstraintViolationException', code: '23514', constraint: 'users_refuse', path: ['createUser'] },
      );
      const logged = suite.server.logs.join('');
      expect(logged).not.toMatch(/\$argon2|correct horse|Failing row|refused|insert into/);
    });
  });
}
