import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite } from '../support/server.ts';

const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes!' };
const query = '{"query":"{ me { id } }"}';

/** Sends raw bytes on a connection of their own; resolves with what came back before the server closed it. */
function raw(origin: string, bytes: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', reject);
    socket.setTimeout(patienceMs, () => reject(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 60))}`)));
  });
}

const post = (host: string | null, body = query, target = '/graphql') =>
  `POST ${target} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}content-type: application/json\r\n` +
  `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
const get = (target: string, host = 'localhost') => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nconnection: close\r\n\r\n`;

const malformed: [string, string][] = [
  ['Host with spaces', post('a b c')],
  ['Host that is an open bracket', post('[')],
  ['Host with a port out of range', post('x:99999')],
  ['Host with a port that is not a number', post('localhost:abc')],
  ['an empty Host', post('')],
  ['Host with a path', post('evil.example/graphql')],
  ['Host with user info', post('user:pass@localhost')],
  ['a 10 KB Host', post('h'.repeat(10_000))],
  [
    'no Host at all (HTTP/1.0)',
    `POST /graphql HTTP/1.0\r\ncontent-type: application/json\r\ncontent-length: ${query.length}\r\n\r\n${query}`,
  ],
  ['an absolute-form target', post('localhost', query, 'http://evil.example/graphql')],
  ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n'],
  ['a target that does not start with a slash', post('localhost', query, 'graphql')],
  ['a doubled slash', post('localhost', query, '//graphql')],
  ['a bad percent-escape', get('/graphql?query=%ZZ')],
  ['an encoded NUL in the path', get('/graphql%00')],
  ['an unknown path', get('/../../etc/passwd')],
  ['an unknown method', 'BREW /graphql HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n'],
  ['an unknown HTTP version', 'GET /graphql HTTP/9.9\r\nHost: localhost\r\n\r\n'],
  ['a request line with no version', 'GET /graphql\r\n\r\n'],
  ['garbage instead of a request', '\u0000\u0001\u0002 hello\r\n\r\n'],
  ['a header without a colon', 'GET /graphql HTTP/1.1\r\nHost: localhost\r\nnot a header\r\n\r\n'],
  ['two Content-Lengths that disagree', `POST /graphql HTTP/1.1\r\nHost: localhost\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\n{}`],
  ['a Content-Length that is not a number', 'POST /graphql HTTP/1.1\r\nHost: localhost\r\ncontent-length: abc\r\n\r\n'],
  ['a bad chunked body', 'POST /graphql HTTP/1.1\r\nHost: localhost\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
  ['an unknown transfer encoding', `POST /graphql HTTP/1.1\r\nHost: localhost\r\ntransfer-encoding: gzip\r\n\r\n${query}`],
  ['a query string on GET with bad JSON variables', get('/graphql?query=%7Bme%7Bid%7D%7D&variables=%7B')],
  [
    'an Authorization header of 8 KB',
    `GET /graphql?query=%7Bme%7Bid%7D%7D HTTP/1.1\r\nHost: localhost\r\nauthorization: Bearer ${'a'.repeat(8000)}\r\nconnection: close\r\n\r\n`,
  ],
];

describe('the HTTP edge, walked with malformed requests (production settings)', () => {
  const suite = serverForSuite(sqliteBackend.create, production);

  it.each(malformed)('answers %s without a 5xx or a stack trace', async (_, bytes) => {
    const answer = await raw(suite.server.origin, bytes);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toMatch(/\n\s+at |TypeError|node_modules|Invalid URL/);
  });

  it('answers a malformed Host with a 400 that says so, before GraphQL sees it', async () => {
    for (const host of ['a b c', '[', 'x:99999', 'localhost:abc', '', 'evil.example/graphql', 'user:pass@localhost']) {
      const answer = await raw(suite.server.origin, post(host));
      expect(answer.status).toBe(400);
      expect(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)).toBe(
        '{"errors":[{"message":"Bad request: malformed Host header or request target"}]}',
      );
    }
  });

  it('answers GET with variables or extensions that are not a JSON object with 400, saying which', async () => {
    for (const name of ['variables', 'extensions']) {
      for (const value of ['%7B', '%5B%5D', '1']) {
        const url = `${suite.server.origin}/graphql?query=%7Bme%7Bid%7D%7D&${name}=${value}`;
        const response = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
        expect([response.status, await response.json()]).toEqual([
          400,
          { errors: [{ message: `The "${name}" parameter is not a JSON object.`, extensions: { code: 'BAD_REQUEST' } }] },
        ]);
      }
    }
  });

  it('still serves a well-formed request on the same server', async () => {
    const answer = await raw(suite.server.origin, post('localhost:4000'));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('{"data":{"me":null}}');
  });
});
