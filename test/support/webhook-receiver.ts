import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A fresh secret in the Standard Webhooks format. */
export const webhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export interface ReceivedWebhook {
  id: string;
  /** The body as JSON, when the signature verified (`Webhook.verify`); null when it did not. */
  // biome-ignore lint: a body is whatever JSON the service sent.
  body: any;
  /** The status this receiver answered, or null when it held or dropped the request (or has not answered yet). */
  status: number | null;
}

/**
 * What the receiver does with a request: answer with a status, hold it open, drop the connection,
 * or answer 200 at once and then send its body at 1 byte a second (`trickle`) or drop the
 * connection after the headers (`200-then-drop`).
 */
export type Answer = number | 'hold' | 'drop' | 'trickle' | '200-then-drop';

/**
 * A webhook receiver on a free loopback port, as a consumer would write one: it verifies every
 * request with the standardwebhooks library and answers what `answer` says (200 unless told).
 */
export async function startWebhookReceiver(secret: string, port = 0) {
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  // biome-ignore lint: a body is whatever JSON the service sent.
  let answer: (request: IncomingMessage, body: any) => Answer | Promise<Answer> = () => 200;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const payload = Buffer.concat(chunks).toString();
    let body = null;
    try {
      body = verifier.verify(payload, request.headers as Record<string, string>);
    } catch {
      // Recorded as unverified: tests expect none.
    }
    // Recorded as it arrives; its status once answered.
    const entry: ReceivedWebhook = { id: String(request.headers['webhook-id']), body, status: null };
    received.push(entry);
    const decision = await answer(request, body);
    entry.status = typeof decision === 'number' ? decision : decision === 'trickle' || decision === '200-then-drop' ? 200 : null;
    if (decision === 'hold') held.push(response);
    else if (decision === 'drop') request.socket.destroy();
    else if (decision === '200-then-drop') {
      response.writeHead(200, { 'content-length': '100' }).flushHeaders();
      setTimeout(() => request.socket.destroy(), 50);
    } else if (decision === 'trickle') {
      response.writeHead(200, { 'content-length': '100' }).flushHeaders();
      held.push(response);
      const drip = setInterval(() => (response.destroyed ? clearInterval(drip) : response.write('.')), 1000);
    } else response.writeHead(decision).end();
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    port: bound,
    received,
    /** The ids this receiver acknowledged (answered 2xx), in the order it did. */
    acknowledged: () => received.filter(({ status }) => status !== null && status < 300).map(({ id }) => id),
    /** How to answer from now on, given the request and its verified body (null when it did not verify). */
    // biome-ignore lint: a body is whatever JSON the service sent.
    answer(decide: (request: IncomingMessage, body: any) => Answer | Promise<Answer>) {
      answer = decide;
    },
    close: async () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
