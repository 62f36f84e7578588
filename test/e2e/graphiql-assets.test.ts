import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { serverForSuite } from '../support/server.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, still compressed. */
  body: Buffer;
}

/** A GET as a browser sends it, without fetch's decompression: what went over the wire. */
function get(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // A connection each: a reused one may be the one the server is closing as idle (ECONNRESET).
    request(url, { headers, agent: false }, async (response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) });
    })
      .on('error', reject)
      .end();
  });
}

const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br, zstd' };
const immutable = 'public, max-age=31536000, immutable';

describe('GraphiQL’s files: compressed, cached for good under hashed names, revalidated with a 304', () => {
  const suite = serverForSuite(sqliteBackend.create);

  it('serves a small page, revalidated each load, that names its files by their content', async () => {
    const page = await get(`${suite.server.origin}/graphql`, browser);
    expect([page.status, page.headers['content-type'], page.headers['content-encoding'], page.headers['cache-control']]).toEqual([
      200,
      'text/html; charset=utf-8',
      'br',
      'no-cache',
    ]);
    const html = brotliDecompressSync(page.body).toString();
    expect(html).toContain('<title>User management</title>');
    expect(files(html)).toEqual([
      expect.stringMatching(/^\/graphql\/assets\/favicon-[0-9a-f]{10}\.ico$/),
      expect.stringMatching(/^\/graphql\/assets\/graphiql-[0-9a-f]{10}\.css$/),
      expect.stringMatching(/^\/graphql\/assets\/editor-worker-[0-9a-f]{10}\.js$/),
      expect.stringMatching(/^\/graphql\/assets\/json-worker-[0-9a-f]{10}\.js$/),
      expect.stringMatching(/^\/graphql\/assets\/graphql-worker-[0-9a-f]{10}\.js$/),
      expect.stringMatching(/^\/graphql\/assets\/graphiql-[0-9a-f]{10}\.js$/),
    ]);
    expect(page.body.length).toBeLessThan(3000);

    const again = await get(`${suite.server.origin}/graphql`, { ...browser, 'if-none-match': String(page.headers.etag) });
    expect([again.status, again.body.length, again.headers.etag]).toEqual([304, 0, page.headers.etag]);
  });

  it('sends each file brotli- or gzip-compressed as asked, with a strong ETag, and a 304 to whoever holds it', async () => {
    const html = brotliDecompressSync((await get(`${suite.server.origin}/graphql`, browser)).body).toString();
    let [plain, brotli, gzipped] = [0, 0, 0];
    for (const file of files(html)) {
      const url = `${suite.server.origin}${file}`;
      const identity = await get(url, {});
      expect([identity.status, identity.headers['content-encoding'], identity.headers['cache-control'], identity.headers.vary]).toEqual([
        200,
        undefined,
        immutable,
        'accept-encoding',
      ]);
      expect(identity.headers.etag).toMatch(/^"[\w-]{43}"$/);
      const br = await get(url, browser);
      const gzip = await get(url, { 'accept-encoding': 'gzip, br;q=0' });
      expect([br.headers['content-encoding'], br.headers.etag, gzip.headers['content-encoding'], gzip.headers.etag]).toEqual([
        'br',
        `${String(identity.headers.etag).slice(0, -1)}-br"`,
        'gzip',
        `${String(identity.headers.etag).slice(0, -1)}-gzip"`,
      ]);
      expect(brotliDecompressSync(br.body)).toEqual(identity.body);
      expect(gunzipSync(gzip.body)).toEqual(identity.body);
      [plain, brotli, gzipped] = [plain + identity.body.length, brotli + br.body.length, gzipped + gzip.body.length];

      for (const held of [br.headers.etag, `W/${gzip.headers.etag}`, identity.headers.etag]) {
        const revalidated = await get(url, { ...browser, 'if-none-match': String(held) });
        expect([revalidated.status, revalidated.body.length, revalidated.headers['cache-control']]).toEqual([304, 0, immutable]);
      }
    }
    // GraphiQL's 8.9 MB come over the wire as 2.1 MB with brotli (2.4 MB with gzip), once; then from the browser's cache.
    expect(plain).toBeGreaterThan(8_900_000);
    expect(brotli).toBeLessThan(2_200_000);
    expect(gzipped).toBeLessThan(2_500_000);
  });

  it('answers an unknown file under /graphql/assets/ with 404', async () => {
    expect((await get(`${suite.server.origin}/graphql/assets/graphiql-0000000000.js`, browser)).status).toBe(404);
  });
});

describe('GraphiQL off (production’s default)', () => {
  const suite = serverForSuite(sqliteBackend.create, { NODE_ENV: 'production' });

  it('tells a browser so, and how to turn it on; serves none of its files', async () => {
    const response = await get(`${suite.server.origin}/graphql`, browser);
    expect([response.status, response.headers['content-type'], response.body.toString()]).toEqual([
      406,
      'text/plain; charset=utf-8',
      'GraphiQL is off here, as it is by default in production (NODE_ENV=production).\n' +
        'To turn it on, start the service with GRAPHIQL=true, and GRAPHQL_INTROSPECTION=true for its schema and completion.\n' +
        'This URL answers GraphQL requests: a POST of application/json, or a GET with the header x-graphql-yoga-csrf: 1.\n',
    ]);
    const page = await get(`${suite.server.origin}/graphql`, { accept: 'text/html' });
    expect(page.status).toBe(406);
    expect((await get(`${suite.server.origin}/graphql/assets/graphiql-0000000000.js`, browser)).status).toBe(404);
  });
});

/** The files the page loads, in the order it names them. */
function files(html: string): string[] {
  return [...html.matchAll(/"(\/graphql\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}
