import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { postFromClientThread } from '../support/client-thread.ts';
import { sqliteBackend } from '../support/databases.ts';
import { serverForSuite } from '../support/server.ts';

const MiB = 1024 * 1024;
const tooLarge = '{"errors":[{"message":"Request body is larger than 102400 bytes"}]}';
const notJson = '{"errors":[{"message":"POST bodies must be application/json"}]}';

/** What a raw connection saw by the time it closed: the status and body that came back, the body bytes it got to send, and the error that closed it. */
interface RawExchange {
  status: number | null;
  body: string;
  sent: number;
  error: string | null;
}

/**
 * Sends a POST head declaring `declared` bytes, then `bodyBytes` of spaces as fast as the server takes
 * them, reading what comes back, and never ends its side: it waits for the server to close.
 */
function sendRaw(origin: string, declared: number, bodyBytes: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    let text = '';
    let sent = 0;
    let error: string | null = null;
    socket.on('data', (data) => (text += data));
    socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code ?? cause.message));
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      resolve({ status: status ? Number(status) : null, body: text.slice(text.indexOf('\r\n\r\n') + 4), sent, error });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const sendMore = () => {
      while (sent < bodyBytes && !socket.destroyed) {
        const size = Math.min(chunk.length, bodyBytes - sent);
        sent += size;
        if (!socket.write(chunk.subarray(0, size))) return void socket.once('drain', sendMore);
      }
    };
    socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`);
    sendMore();
  });
}

describe('a refused request body (MAX_BODY_BYTES 100 KB)', () => {
  const suite = serverForSuite(sqliteBackend.create);

  const accessLines = (requestId: string) =>
    suite.server.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request' && line.requestId === requestId);

  it.each([
    ['a declared Content-Length, JSON', 'declared', false, 'application/json', { status: 413, body: tooLarge }],
    ['a streamed (chunked) body, JSON', 'streamed', true, 'application/json', { status: 413, body: tooLarge }],
    ['a declared Content-Length, not JSON', 'not-json', false, 'text/plain', { status: 415, body: notJson }],
  ])(
    'is answered to 20 fetch posts of 5 MB with %s, 5 at a time: each reads its refusal, each is logged',
    async (_, requestId, streamed, contentType, refusal) => {
      const url = `${suite.server.origin}/graphql`;
      const headers = { 'content-type': contentType, 'x-request-id': requestId };
      const outcomes = await postFromClientThread({ url, headers, bytes: 5 * MiB, streamed, count: 20, concurrency: 5 });
      expect(outcomes).toEqual(Array.from({ length: 20 }, () => refusal));
      // A line is written once the server has closed the exchange, which can be after the client read it.
      await vi.waitFor(() => expect(accessLines(requestId)).toHaveLength(20));
      expect(accessLines(requestId).map((line) => line.status)).toEqual(Array.from({ length: 20 }, () => refusal.status));
    },
  );

  it('is read to its end when the client sends all 5 MB before reading: it gets the 413 and a clean close', async () => {
    const exchange = await sendRaw(suite.server.origin, 5 * MiB, 5 * MiB);
    expect(exchange).toEqual({ status: 413, body: tooLarge, sent: 5 * MiB, error: null });
  });

  it('is cut off, not read to its end, when a client keeps sending 64 MB', async () => {
    const exchange = await sendRaw(suite.server.origin, 64 * MiB, 64 * MiB);
    // The server reads 16 MiB past the refusal, then closes on the rest; the socket buffers held a few MiB more.
    expect(exchange.sent).toBeLessThan(64 * MiB);
    expect(['ECONNRESET', 'EPIPE']).toContain(exchange.error);
    expect([exchange.status, exchange.body]).toEqual([413, tooLarge]);
  });

  it('is given up on when the client stops sending halfway: the server answers 413 and closes', async () => {
    const exchange = await sendRaw(suite.server.origin, 5 * MiB, MiB);
    expect(exchange).toEqual({ status: 413, body: tooLarge, sent: MiB, error: null });
  });
});
