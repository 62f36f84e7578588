import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** A file served from memory, compressed once per encoding on first demand. */
export interface StaticAsset {
  type: string;
  body: Buffer;
  /** `public, max-age=31536000, immutable` for a name that holds its hash; `no-cache` (revalidate each time) otherwise. */
  cacheControl: string;
  /** Strong, from the content: the same bytes, the same tag, in every process. */
  etag: string;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

type Encoding = 'br' | 'gzip';

const compress = {
  // Quality 6: 8.8 MB of GraphiQL to 1.9 MB in about 2 s, once; 11 saves 0.2 MB more for 60 s.
  br: (body: Buffer) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }),
  gzip: (body: Buffer) => promisify(gzip)(body),
};

export function staticAsset(type: string, content: string | Buffer, cacheControl: string): StaticAsset {
  const body = Buffer.from(content);
  return { type, body, cacheControl, etag: `"${createHash('sha256').update(body).digest('base64url')}"`, encoded: {} };
}

/** The first 10 hex digits of the content's hash, for a name that changes when the content does. */
export function contentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

/** Answers 304 to a request that holds the asset already, else the asset in the best encoding it accepts. */
export async function sendAsset(request: IncomingMessage, response: ServerResponse, asset: StaticAsset): Promise<void> {
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  const etag = encoding ? `${asset.etag.slice(0, -1)}-${encoding}"` : asset.etag;
  const headers = { etag, 'cache-control': asset.cacheControl, vary: 'accept-encoding' };
  if (holds(request.headers['if-none-match'], asset.etag)) return void response.writeHead(304, headers).end();
  const body = encoding ? await encoded(asset, encoding) : asset.body;
  response.writeHead(200, {
    ...headers,
    'content-type': asset.type,
    'content-length': body.length,
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function encoded(asset: StaticAsset, encoding: Encoding): Promise<Buffer> {
  asset.encoded[encoding] ??= compress[encoding](asset.body);
  return asset.encoded[encoding];
}

/** Brotli, else gzip, when the client lists it without `q=0`. */
function preferredEncoding(accepted: string | undefined): Encoding | undefined {
  const codings = (accepted ?? '').split(',').map((entry) => entry.trim().toLowerCase());
  const acceptable = (name: Encoding) => codings.some((coding) => coding.split(';')[0]?.trim() === name && !/;\s*q=0(\.0*)?$/.test(coding));
  return (['br', 'gzip'] as const).find(acceptable);
}

/** Whether `If-None-Match` names this content's tag, in any encoding (weak comparison, as RFC 9110 says). */
function holds(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const held = ifNoneMatch.split(',').map((tag) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/-(br|gzip)"$/, '"'),
  );
  return held.includes(etag) || held.includes('*');
}
