import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GraphiQLParts, graphiqlPage } from './graphiql-page.ts';
import { contentHash, type StaticAsset, sendAsset, staticAsset } from './static-asset.ts';

const assetsPath = '/graphql/assets/';
const forGood = 'public, max-age=31536000, immutable';

/**
 * GraphiQL on GET /graphql for a browser (Accept: text/html, as Yoga decides), its files under
 * /graphql/assets/. When it is off (production's default), a browser is told so and how to turn it
 * on, with the `406` Yoga answers. Resolves false for any other request.
 */
export async function serveGraphiQL(request: IncomingMessage, response: ServerResponse, enabled: boolean): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url?.split('?')[0] ?? '';
  if (path === '/graphql' || path === '/graphql/') {
    if (!request.headers.accept?.includes('text/html')) return false;
    if (enabled) await sendAsset(request, response, (await graphiql()).page);
    else sendOffNote(response);
    return true;
  }
  if (!enabled || !path.startsWith(assetsPath)) return false;
  const asset = (await graphiql()).files.get(path.slice(assetsPath.length));
  if (!asset) return false;
  await sendAsset(request, response, asset);
  return true;
}

/** What a browser gets where GraphiQL would be: the requests that would open it, when it is on. */
function sendOffNote(response: ServerResponse): void {
  const text =
    'GraphiQL is off here, as it is by default in production (NODE_ENV=production).\n' +
    'To turn it on, start the service with GRAPHIQL=true, and GRAPHQL_INTROSPECTION=true for its schema and completion.\n' +
    'This URL answers GraphQL requests: a POST of application/json, or a GET with the header x-graphql-yoga-csrf: 1.\n';
  response.writeHead(406, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

let loaded: Promise<{ page: StaticAsset; files: Map<string, StaticAsset> }> | undefined;

/**
 * The page and its files, built on first use: the bundle's module holds 8.8 million characters,
 * some 20 MiB resident, that a server nobody opens GraphiQL on never loads.
 */
function graphiql() {
  loaded ??= (async () => {
    const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
    const files = new Map<string, StaticAsset>();
    const add = (name: string, extension: string, type: string, content: string | Buffer) => {
      const file = `${name}-${contentHash(content)}.${extension}`;
      files.set(file, staticAsset(type, content, forGood));
      return `${assetsPath}${file}`;
    };
    const script = 'text/javascript; charset=utf-8';
    const parts: GraphiQLParts = {
      script: add('graphiql', 'js', script, bundle.js),
      style: add('graphiql', 'css', 'text/css; charset=utf-8', bundle.css),
      favicon: add('favicon', 'ico', 'image/x-icon', Buffer.from(bundle.favicon.split(',')[1] ?? '', 'base64')),
      workers: {
        editorWorkerService: add('editor-worker', 'js', script, bundle.editorWorkerService),
        json: add('json-worker', 'js', script, bundle.jsonWorker),
        graphql: add('graphql-worker', 'js', script, bundle.graphqlWorker),
      },
    };
    // The page itself is revalidated at each load: a 304 while nothing changed.
    return { page: staticAsset('text/html; charset=utf-8', graphiqlPage(parts), 'no-cache'), files };
  })();
  return loaded;
}
