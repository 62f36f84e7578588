import { Counter, type Registry } from 'prom-client';
import type { WebhookObserver } from '../../webhooks/delivery-worker.ts';

/**
 * Webhook attempts by outcome: `delivered`, `retried` (failed, tried again later) and `failed`
 * (given up: an admin's redeliverWebhook sends it again). A rising `retried` is a receiver down.
 */
export function webhookCounters(registry: Registry): WebhookObserver {
  const outcomes = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered, retried (failed, to be tried again), failed (given up)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['delivered', 'retried', 'failed']) outcomes.inc({ outcome }, 0);
  return {
    delivered: (count) => outcomes.inc({ outcome: 'delivered' }, count),
    retried: () => outcomes.inc({ outcome: 'retried' }),
    failed: () => outcomes.inc({ outcome: 'failed' }),
  };
}
