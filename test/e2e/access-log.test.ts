import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite } from '../support/server.ts';
import { until } from '../support/until.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids and access lines', () => {
  const suite = serverForSuite(sqliteBackend.create);
  // The server logs at trace level here; Yoga's own debug lines carry the id too.
  const lines = () => suite.server.logs.map((line) => JSON.parse(line)).filter((line) => line.level >= 30);
  /** The access line is written once the response has gone: waits for it. */
  const accessLogged = (requestId: string) =>
    until(() => lines().some((line) => line.requestId === requestId && line.msg === 'request'), patienceMs);
  const post = (body: object, headers: Record<string, string> = {}) =>
    fetch(`${suite.server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('keeps a well-formed x-request-id, answers it, and logs one access line with it', async () => {
    const response = await post({ query: 'query Me { me { id } }' }, { 'x-request-id': 'abc-123.XYZ:9' });
    expect(response.headers.get('x-request-id')).toBe('abc-123.XYZ:9');
    await response.text();
    await accessLogged('abc-123.XYZ:9');
    expect(lines().filter((line) => line.requestId === 'abc-123.XYZ:9')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operationName: 'Me',
        durationMs: expect.any(Number),
        clientAddress: '127.0.0.1',
      }),
    ]);
  });

  it('replaces a malformed or missing x-request-id with a new UUID', async () => {
    const sent: Record<string, string>[] = [{ 'x-request-id': 'has spaces' }, { 'x-request-id': 'x'.repeat(129) }, {}];
    for (const headers of sent) {
      const response = await post({ query: '{ me { id } }' }, headers);
      expect(response.headers.get('x-request-id')).toMatch(uuid);
    }
  });

  it('carries the request id in the error line of a masked failure, and logs refused requests too', async () => {
    new Database(suite.database.url.slice('sqlite:'.length)).exec('alter table users rename to users_elsewhere');
    const response = await post(
      { query: 'mutation { signIn(input: {email: "a@doe.com", password: "correct horse"}) { __typename } }' },
      { 'x-request-id': 'failing-1' },
    );
    new Database(suite.database.url.slice('sqlite:'.length)).exec('alter table users_elsewhere rename to users');
    expect((await response.json()).errors[0].message).toBe('Unexpected error.');
    const refused = await fetch(`${suite.server.origin}/graphql`, { method: 'POST', headers: { 'x-request-id': 'refused-1' }, body: 'x' });
    expect(refused.status).toBe(415);
    await accessLogged('failing-1');
    await accessLogged('refused-1');
    expect(
      lines()
        .filter((line) => line.requestId === 'failing-1')
        .map((line) => [line.level, line.msg]),
    ).toEqual([
      [50, 'unexpected error'],
      [30, 'request'],
    ]);
    expect(lines().find((line) => line.requestId === 'refused-1')).toMatchObject({ msg: 'request', status: 415, operationName: null });
  });
});
