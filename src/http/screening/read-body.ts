import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

export class BodyTooLargeError extends Error {}

/**
 * Reads a request body of at most `limit` bytes and leaves it on `request.body`, where Yoga's
 * node adapter takes it instead of the stream. A declared Content-Length over the limit is refused
 * before a byte is read; a chunked body is cut off at the limit.
 */
export async function readBody(request: IncomingMessage & { body?: Buffer }, limit: number): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  try {
    request.body = await getRawBody(request, { limit, length: request.headers['content-length'] });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new BodyTooLargeError();
    throw error;
  }
}
