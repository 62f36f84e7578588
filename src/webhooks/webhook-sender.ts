import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { WebhookMessage } from './webhook-message.ts';

/** `aborted`: the worker stopped meanwhile; the attempt does not count. */
export type SendOutcome = { ok: true } | { ok: false; error: string; aborted?: boolean };

export interface WebhookSending {
  send(url: string, message: WebhookMessage, signal: AbortSignal): Promise<SendOutcome>;
}

/** What is read of an answer's body before it is cut: the usual short one, whose connection then serves the next delivery. */
const bodyBytesRead = 64 * 1024;

/**
 * One attempt: a JSON POST signed as Standard Webhooks says (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: HMAC-SHA256 over `id.timestamp.body`), so receivers verify it with an
 * existing library. A 2xx status within the timeout is a delivery: the body is not waited for
 * (a receiver that sends it slowly, or drops the connection after the status, was delivered to).
 * Redirects are not followed.
 *
 * On `node:http(s)` with a keep-alive agent rather than fetch: catching up 20,000 deliveries
 * through fetch (undici) grew the process by about 200 MiB, and it kept them.
 */
export class StandardWebhookSender implements WebhookSending {
  readonly #signer: Webhook;
  readonly #timeoutMs: number;
  readonly #agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(secret: string, timeoutMs: number) {
    this.#signer = new Webhook(secret);
    this.#timeoutMs = timeoutMs;
  }

  send(url: string, message: WebhookMessage, signal: AbortSignal): Promise<SendOutcome> {
    // The time of this attempt, not of the event: receivers refuse timestamps older than a few minutes.
    const now = new Date();
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(message.body),
      'user-agent': 'user-management-graphql-webhooks',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': this.#signer.sign(message.id, now, message.body),
    };
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', stop);
        resolve(outcome);
      };
      const request = (https ? httpsRequest : httpRequest)(
        target,
        { method: 'POST', headers, agent: https ? this.#agents.https : this.#agents.http },
        (response) => {
          discard(response);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return settle({ ok: true });
          const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
          settle({ ok: false, error: `HTTP ${status}${redirect}` });
        },
      );
      const stop = () => {
        settle({ ok: false, error: 'stopped', aborted: true });
        request.destroy();
      };
      // Runs until the answer ends: a body still coming then is cut too.
      const timer = setTimeout(() => {
        settle({ ok: false, error: `no answer within ${this.#timeoutMs} ms` });
        request.destroy();
      }, this.#timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', (error: NodeJS.ErrnoException) => settle({ ok: false, error: error.code ?? error.name }));
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      request.end(message.body);
    });
  }
}

/** Reads and drops an answer's body, so a short one gives its connection back to the agent; a longer one is cut. */
function discard(response: IncomingMessage): void {
  let read = 0;
  response.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > bodyBytesRead) response.destroy();
  });
  // Dropped or cut: nothing waits for it.
  response.on('error', () => {});
}
