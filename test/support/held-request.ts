import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface HeldRequest {
  socket: Socket;
  /** Sends the body held back; resolves with the response's body once the server closed the connection. */
  release(): Promise<string>;
}

/**
 * A POST /graphql whose body is held back, in flight on the server when this resolves: the server
 * has read its headers, as its `100 Continue` says, and waits for the body. A fixed pause would
 * be a guess that a busy machine may lose. First, on the same connection, a GET /health with
 * x-request-id `${requestId}-probe`: its access line names the process that holds the connection.
 */
export async function heldRequest(origin: string, requestId: string, query: string, variables: object = {}): Promise<HeldRequest> {
  const body = JSON.stringify({ query, variables });
  const socket = connect(Number(new URL(origin).port), '127.0.0.1');
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  let received = '';
  const arrived = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!received.includes(text)) return;
        socket.off('data', check);
        resolve();
      };
      socket.on('data', check);
    });
  socket.on('data', (chunk: string) => (received += chunk));
  const headers = `Host: localhost\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}`;
  const probed = arrived('\r\n\r\n');
  socket.write(`GET /health HTTP/1.1\r\nHost: localhost\r\nx-request-id: ${requestId}-probe\r\n\r\n`);
  await probed;
  const continued = arrived('HTTP/1.1 100 Continue\r\n\r\n');
  socket.write(`POST /graphql HTTP/1.1\r\n${headers}\r\nexpect: 100-continue\r\nx-request-id: ${requestId}\r\n\r\n`);
  await continued;
  return {
    socket,
    async release() {
      const closed = once(socket, 'close');
      socket.write(body);
      await closed;
      return received.slice(received.lastIndexOf('\r\n\r\n') + 4);
    },
  };
}
