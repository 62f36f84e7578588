import type { MikroORM } from '@mikro-orm/core';
import type { WebhookSettings } from '../../config/webhooks.ts';
import type { Logger } from '../logger.ts';
import { MikroOrmWebhookQueue } from '../mikro-orm/webhook-queue.ts';
import { DeliveryWorker, type WebhookObserver } from './delivery-worker.ts';
import { shownUrl } from './shown-url.ts';
import type { WebhookRouting } from './webhook-delivery-record.ts';
import type { WebhookQueue } from './webhook-queue.ts';
import { webhookRouting } from './webhook-routing.ts';
import { StandardWebhookSender } from './webhook-sender.ts';

export interface WebhookDelivery {
  /** For the unit of work: which events get a delivery row per URL, and the worker's wake-up after a commit. */
  routing: WebhookRouting;
  /** Stops the worker: attempts under way are cut and sent again later (here or by another instance). */
  stop(): Promise<void>;
}

/** Starts this process's delivery worker on the database's `webhook_deliveries`. */
export function startWebhookDelivery(
  orm: MikroORM,
  settings: WebhookSettings,
  logger: Logger,
  observer?: WebhookObserver,
): WebhookDelivery {
  const queue = new MikroOrmWebhookQueue(orm);
  const worker = new DeliveryWorker({
    queue,
    sender: new StandardWebhookSender(settings.secret, settings.timeoutMs),
    urls: settings.urls,
    maxAttempts: settings.maxAttempts,
    timeoutMs: settings.timeoutMs,
    backoff: settings.backoff,
    logger,
    observer,
  });
  worker.start();
  void warnOfUnknownUrls(queue, settings.urls, logger);
  return {
    routing: webhookRouting(settings, () => worker.wake())!,
    stop: () => worker.stop(),
  };
}

/** Deliveries pending for a URL no longer configured wait for it, and keep their events from retention: said once. */
async function warnOfUnknownUrls(queue: WebhookQueue, urls: readonly string[], logger: Logger): Promise<void> {
  try {
    const unknown = (await queue.pendingUrls()).filter((url) => !urls.includes(url));
    if (unknown.length === 0) return;
    logger.warn(
      { urls: unknown.map(shownUrl) },
      'webhook deliveries are pending for URLs no longer in WEBHOOK_URLS: they wait (and retention keeps their events) until the URL is set again',
    );
  } catch {
    // The database is down: the worker says so.
  }
}
