import { z } from 'zod';
import { type UserEventType, userEventTypes } from '../../domain/user-events.ts';
import type { WebhookRouting } from './webhook-delivery-record.ts';

const positiveInt = z.coerce.number().int().positive();
const list = z.string().transform((text) => [
  ...new Set(
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
]);

/** The Standard Webhooks secret format: `whsec_` and the base64 of 24 to 64 random bytes. */
function isWebhookSecret(secret: string): boolean {
  const match = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/.exec(secret);
  const bytes = match ? Buffer.from(match[1]!, 'base64').length : 0;
  return bytes >= 24 && bytes <= 64;
}

/** http(s), no user info (fetch refuses it; the signature authenticates), at most 2048 characters (the column). */
function isWebhookUrl(text: string): boolean {
  if (!URL.canParse(text) || text.length > 2048) return false;
  const url = new URL(text);
  return ['http:', 'https:'].includes(url.protocol) && url.username === '' && url.password === '';
}

export const webhookSecretRequired = 'required when WEBHOOK_URLS is set (echo "WEBHOOK_SECRET=whsec_$(openssl rand -base64 32)" >> .env)';

/** The environment variables of webhooks, for the config's schema. */
export const webhookVariables = {
  WEBHOOK_URLS: list
    .pipe(
      z.array(
        z.string().refine(isWebhookUrl, 'Each entry must be an http:// or https:// URL without user:password@, of at most 2048 characters'),
      ),
    )
    .default([]),
  WEBHOOK_SECRET: z
    .string()
    .refine(isWebhookSecret, 'Must be whsec_ followed by the base64 of 24 to 64 random bytes: whsec_$(openssl rand -base64 32)')
    .optional(),
  WEBHOOK_EVENT_TYPES: list.pipe(z.array(z.enum(userEventTypes))).default([...userEventTypes]),
  WEBHOOK_MAX_ATTEMPTS: positiveInt.max(100).default(20),
  WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
  WEBHOOK_BACKOFF_BASE_MS: positiveInt.default(1000),
  WEBHOOK_BACKOFF_MAX_MS: positiveInt.default(900_000),
};

const webhookSchema = z.object(webhookVariables);
type WebhookVariables = z.output<typeof webhookSchema>;

export interface WebhookSettings {
  urls: string[];
  /** `whsec_…`: signs every delivery (Standard Webhooks). */
  secret: string;
  /** The domain events delivered; SignInFailed, a security event, never is. */
  eventTypes: UserEventType[];
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number;
  /** Per attempt: a receiver that has not answered by then has failed it. */
  timeoutMs: number;
  /** The wait after the n-th failed attempt: baseMs·2^(n-1), at most maxMs, less up to half of it at random. */
  backoff: { baseMs: number; maxMs: number };
}

/** The webhook settings, or undefined when WEBHOOK_URLS is empty (no worker, no delivery rows). */
export function webhookSettings(env: WebhookVariables): WebhookSettings | undefined {
  if (env.WEBHOOK_URLS.length === 0 || env.WEBHOOK_SECRET === undefined) return undefined;
  return {
    urls: env.WEBHOOK_URLS,
    secret: env.WEBHOOK_SECRET,
    eventTypes: env.WEBHOOK_EVENT_TYPES,
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    backoff: { baseMs: env.WEBHOOK_BACKOFF_BASE_MS, maxMs: env.WEBHOOK_BACKOFF_MAX_MS },
  };
}

/**
 * For every unit of work that may record events (the server's, `npm run admin:grant`'s): the
 * configured URLs for each delivered type. `written`: who to wake after such a commit.
 */
export function webhookRouting(settings: WebhookSettings | undefined, written?: () => void): WebhookRouting | undefined {
  if (!settings) return undefined;
  const delivered = new Set<string>(settings.eventTypes);
  return { urlsFor: (type) => (delivered.has(type) ? settings.urls : []), ...(written ? { written } : {}) };
}
