import type { MikroORM } from '@mikro-orm/core';
import type { WebhookSettings } from '../config/webhooks.ts';
import type { Logger } from '../infrastructure/logger.ts';
import { DeliveryWorker, type WebhookObserver } from './delivery-worker.ts';
import { MikroOrmWebhookQueue } from './mikro-orm/mikro-orm-webhook-queue.ts';
import { shownUrl } from './shown-url.ts';
import type { WebhookQueue } from './webhook-queue.ts';
import { StandardWebhookSender } from './webhook-sender.ts';

export interface WebhookDelivery {
  /** Events were committed in this process: the worker looks at once rather than at its next poll. */
  wake(): void;
  /** Stops the worker: attempts under way are cut and sent again later (here or by another instance). */
  stop(): Promise<void>;
}

/**
 * Starts this process's delivery worker, which reads the outbox: whatever commits events (this
 * server, another instance, `npm run admin:grant`) has them delivered. Each URL gets its cursor
 * before this resolves, so every event committed after the start is sent.
 */
export async function startWebhookDelivery(
  orm: MikroORM,
  settings: WebhookSettings,
  logger: Logger,
  observer?: WebhookObserver,
): Promise<WebhookDelivery> {
  const queue = new MikroOrmWebhookQueue(orm);
  // The database may not be migrated yet (MIGRATE_ON_START=false): the worker then says so, and takes the cursor later.
  await queue.follow(settings.urls, new Date()).catch(() => {});
  const worker = new DeliveryWorker({
    queue,
    sender: new StandardWebhookSender(settings.secret, settings.timeoutMs),
    urls: settings.urls,
    eventTypes: settings.eventTypes,
    maxAttempts: settings.maxAttempts,
    timeoutMs: settings.timeoutMs,
    backoff: settings.backoff,
    logger,
    observer,
  });
  worker.start();
  void warnOfUnknownUrls(queue, settings.urls, logger);
  return { wake: () => worker.wake(), stop: () => worker.stop() };
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
