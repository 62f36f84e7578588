import { Webhook } from 'standardwebhooks';
import type { WebhookMessage } from './webhook-message.ts';

/** `aborted`: the worker stopped meanwhile; the attempt does not count. */
export type SendOutcome = { ok: true } | { ok: false; error: string; aborted?: boolean };

export interface WebhookSending {
  send(url: string, message: WebhookMessage, signal: AbortSignal): Promise<SendOutcome>;
}

/** What is read of an answer's body before it is cut: enough for the usual short one, whose connection then serves the next delivery. */
const bodyBytesRead = 64 * 1024;

/**
 * One attempt: a JSON POST signed as Standard Webhooks says (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: HMAC-SHA256 over `id.timestamp.body`), so receivers verify it with an
 * existing library. A 2xx status within the timeout is a delivery: the body is not waited for
 * (a receiver that sends it slowly, or drops the connection after the status, was still
 * delivered to). Redirects are not followed.
 */
export class StandardWebhookSender implements WebhookSending {
  readonly #signer: Webhook;
  readonly #timeoutMs: number;

  constructor(secret: string, timeoutMs: number) {
    this.#signer = new Webhook(secret);
    this.#timeoutMs = timeoutMs;
  }

  async send(url: string, message: WebhookMessage, signal: AbortSignal): Promise<SendOutcome> {
    // The time of this attempt, not of the event: receivers refuse timestamps older than a few minutes.
    const now = new Date();
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'user-management-graphql-webhooks',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': this.#signer.sign(message.id, now, message.body),
        },
        body: message.body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
      void discard(response.body);
      if (response.ok) return { ok: true };
      const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
      return { ok: false, error: `HTTP ${response.status}${redirect}` };
    } catch (error) {
      if (signal.aborted) return { ok: false, error: 'stopped', aborted: true };
      if (timeout.aborted) return { ok: false, error: `no answer within ${this.#timeoutMs} ms` };
      return { ok: false, error: networkError(error) };
    }
  }
}

/**
 * Reads and drops a body in the background, so a short one gives its connection back to the pool;
 * a longer one is cut, and a slow one ends with the attempt's timeout.
 */
async function discard(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let read = 0; read <= bodyBytesRead; ) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // Dropped or timed out: nothing was waiting for it.
  }
}

/** `ECONNREFUSED`, `ENOTFOUND`, …: the code, never a message that could quote the URL. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'failed';
}
