import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { CREATE_USER } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

const signUp = (email: string) =>
  `mutation { createUser(input: {email: "${email}", password: "correct horse", name: "C", surname: "S"}) { __typename } }`;
const unsupported = { status: 415, body: { errors: [{ message: 'POST bodies must be application/json' }] } };

async function send(origin: string, init: RequestInit & { path?: string }) {
  const response = await fetch(`${origin}${init.path ?? '/graphql'}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe('requests a hostile page can send with no preflight', () => {
  const suite = serverForSuite(sqliteBackend.create);

  it.each([
    ['application/x-www-form-urlencoded', (email: string) => new URLSearchParams({ query: signUp(email) }).toString()],
    ['text/plain', (email: string) => JSON.stringify({ query: signUp(email) })],
    ['application/graphql', (email: string) => signUp(email)],
  ])('answer a mutation posted as %s with 415, and do not run it', async (contentType, body) => {
    const email = `${contentType.replace(/\W/g, '')}@doe.com`;
    const refused = await send(suite.server.origin, { method: 'POST', headers: { 'content-type': contentType }, body: body(email) });
    expect({ status: refused.status, body: refused.body }).toEqual(unsupported);
    const input = { email, password: 'correct horse', name: 'C', surname: 'S' };
    expect((await suite.server.graphql(CREATE_USER, { input })).body.data.createUser.__typename).toBe('User');
  });

  it('answer multipart, application/graphql-response+json and a missing content type with 415', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: signUp('multipart@doe.com') }));
    const multipart = await send(suite.server.origin, { method: 'POST', body: form });
    expect({ status: multipart.status, body: multipart.body }).toEqual(unsupported);
    const bare = await send(suite.server.origin, { method: 'POST', body: new Uint8Array(Buffer.from('{"query":"{ me { id } }"}')) });
    expect({ status: bare.status, body: bare.body }).toEqual(unsupported);
    const response = { 'content-type': 'application/graphql-response+json' };
    const responseType = await send(suite.server.origin, { method: 'POST', headers: response, body: '{"query":"{ me { id } }"}' });
    expect({ status: responseType.status, body: responseType.body }).toEqual(unsupported);
  });

  it('accept application/json, with a charset too', async () => {
    for (const contentType of ['application/json', 'Application/JSON; charset=utf-8']) {
      const answer = await send(suite.server.origin, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: '{"query":"{ me { id } }"}',
      });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { data: { me: null } } });
    }
  });

  it('refuse a GET query without the CSRF header (403), and serve it with the header', async () => {
    const path = '/graphql?query=%7Bme%7Bid%7D%7D';
    const bare = await send(suite.server.origin, { path });
    expect({ status: bare.status, body: bare.body }).toEqual({
      status: 403,
      body: { errors: [{ message: 'Required CSRF header(s) not present' }] },
    });
    const withHeader = await send(suite.server.origin, { path, headers: { 'x-graphql-yoga-csrf': '1' } });
    expect({ status: withHeader.status, body: withHeader.body }).toEqual({ status: 200, body: { data: { me: null } } });
  });

  it('send no CORS header to any origin by default', async () => {
    const preflight = await send(suite.server.origin, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await send(suite.server.origin, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"query":"{ me { id } }"}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  const suite = serverForSuite(sqliteBackend.create, { CORS_ORIGINS: 'https://app.example, https://admin.example' });
  const preflight = (origin: string) =>
    send(suite.server.origin, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  it('let each listed origin in, with credentials', async () => {
    for (const origin of ['https://app.example', 'https://admin.example']) {
      const answer = await preflight(origin);
      expect(answer.status).toBe(204);
      expect(Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, authorization, x-graphql-yoga-csrf',
        'access-control-max-age': '600',
      });
    }
  });

  it('keep every other origin out', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'http://app.example', 'null']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
