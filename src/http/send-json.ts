import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a whole JSON answer, its length declared, and leaves the response for the caller to end. */
export function writeJson(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.write(text);
}

export function sendJson(response: ServerResponse, status: number, body: object): void {
  writeJson(response, status, body);
  response.end();
}

/** Answers 405 to anything but GET and HEAD, for the endpoints that only read; true when it did. */
export function refusedUnlessRead(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  response.setHeader('allow', 'GET, HEAD');
  sendJson(response, 405, { status: 'method not allowed' });
  return true;
}
