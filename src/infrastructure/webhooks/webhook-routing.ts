import type { WebhookSettings } from '../../config/webhooks.ts';
import type { WebhookRouting } from './webhook-delivery-record.ts';

/**
 * For every unit of work that may record events (the server's, `npm run admin:grant`'s): the
 * configured URLs for each delivered type. `written`: who to wake after such a commit.
 */
export function webhookRouting(settings: WebhookSettings | undefined, written?: () => void): WebhookRouting | undefined {
  if (!settings) return undefined;
  const delivered = new Set<string>(settings.eventTypes);
  return { urlsFor: (type) => (delivered.has(type) ? settings.urls : []), ...(written ? { written } : {}) };
}
