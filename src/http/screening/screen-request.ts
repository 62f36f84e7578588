import type { IncomingMessage } from 'node:http';
import { isJsonContentType } from './json-content-type.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';
import { hasWellFormedTarget } from './request-target.ts';

export interface Refusal {
  status: number;
  message: string;
}

/**
 * What the HTTP edge refuses before Yoga sees a request, cheapest check first: a URL that cannot
 * be built, a body that is not JSON, a body too large. Reads the body of any other POST.
 */
export async function screenRequest(request: IncomingMessage, maxBodyBytes: number): Promise<Refusal | null> {
  if (!hasWellFormedTarget(request)) return { status: 400, message: 'Bad request: malformed Host header or request target' };
  if (request.method === 'POST') {
    if (!isJsonContentType(request.headers['content-type'])) return { status: 415, message: 'POST bodies must be application/json' };
    // Media types are case-insensitive and JSON is UTF-8; Yoga matches the exact lower-case text.
    request.headers['content-type'] = 'application/json';
  }
  try {
    await readBody(request, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { status: 413, message: `Request body is larger than ${maxBodyBytes} bytes` };
    return { status: 400, message: 'Request body could not be read' };
  }
  return null;
}
