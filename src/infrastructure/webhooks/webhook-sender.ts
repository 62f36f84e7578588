import { Webhook } from 'standardwebhooks';
import type { WebhookMessage } from './webhook-message.ts';

/** `aborted`: the worker stopped meanwhile; the attempt does not count. */
export type SendOutcome = { ok: true } | { ok: false; error: string; aborted?: boolean };

export interface WebhookSending {
  send(url: string, message: WebhookMessage, signal: AbortSignal): Promise<SendOutcome>;
}

/**
 * One attempt: a JSON POST signed as Standard Webhooks says (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: HMAC-SHA256 over `id.timestamp.body`), so receivers verify it with an
 * existing library. Only a 2xx answer within the timeout counts; redirects are not followed.
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
      // Read to the end, so the connection goes back to the pool for the next delivery.
      await response.arrayBuffer();
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

/** `ECONNREFUSED`, `ENOTFOUND`, …: the code, never a message that could quote the URL. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'failed';
}
