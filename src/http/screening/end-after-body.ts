import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How much more of a refused body is read, and for how long, before its connection is closed anyway.
 * Well above MAX_BODY_BYTES: a client that reads as it sends has its socket buffers in flight by the
 * time it reads the refusal (about 4 MB of each 5 MB post from fetch here).
 */
const drainLimits = { bytes: 16 * 1024 * 1024, ms: 5000 };

/**
 * Ends a refusal, written whole but left open, once the rest of its request body has been read and
 * thrown away. Ending it closes the connection (`connection: close`), and a connection closed with
 * bytes unread is reset: a client still sending meets EPIPE or ECONNRESET before it reads the
 * refusal (RFC 9112 §9.6). A client that reads as it sends has the refusal at once and hangs up;
 * one that sends its whole body first is read to the end. Past 16 MiB more or 5 s the response ends
 * anyway, and the connection closes on whatever is left.
 */
export function endAfterBody(request: IncomingMessage, response: ServerResponse): void {
  if (request.readableEnded || request.destroyed) return void response.end();
  let received = 0;
  const discard = (chunk: Buffer) => {
    received += chunk.length;
    if (received > drainLimits.bytes) end();
  };
  const end = () => {
    clearTimeout(deadline);
    request.off('data', discard).off('end', end).off('close', end);
    response.end();
  };
  const deadline = setTimeout(end, drainLimits.ms);
  // Resumed, not only listened to: raw-body pauses a body it stopped reading at the limit.
  request.on('data', discard).once('end', end).once('close', end).resume();
}
