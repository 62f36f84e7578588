import { z } from 'zod';
import { sessionEventTypes } from '../domain/session-events.ts';
import { userEventTypes } from '../domain/user-events.ts';
import { commaList, type Problem, positiveInt } from './values/variables.ts';

/** Every domain event type, each deliverable. */
const domainEventTypes = [...userEventTypes, ...sessionEventTypes] as const;

const distinctList = commaList.transform((items) => [...new Set(items)]);

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

export const webhookVariables = z
  .object({
    WEBHOOK_URLS: distinctList
      .pipe(
        z.array(
          z
            .string()
            .refine(isWebhookUrl, 'Each entry must be an http:// or https:// URL without user:password@, of at most 2048 characters'),
        ),
      )
      .default([])
      .meta({
        description:
          'Comma-separated `http(s)://` URLs (no `user:password@`); each gets every delivered event as a signed JSON `POST` (docs/events-and-webhooks.md).',
        defaultText: 'unset (no webhooks)',
        example: 'https://hooks.example.com/users',
      }),
    WEBHOOK_SECRET: z
      .string()
      .refine(isWebhookSecret, 'Must be whsec_ followed by the base64 of 24 to 64 random bytes: whsec_$(openssl rand -base64 32)')
      .optional()
      .meta({
        description:
          'Required with `WEBHOOK_URLS`: `whsec_` and the base64 of 24 to 64 random bytes (`echo "WEBHOOK_SECRET=whsec_$(openssl rand -base64 32)" >> .env`); the start stops on anything else.',
      }),
    WEBHOOK_EVENT_TYPES: distinctList
      .pipe(z.array(z.enum(domainEventTypes)))
      .default([...domainEventTypes])
      .meta({
        description: 'Comma-separated event types to deliver; `SignInFailed` is never delivered.',
        defaultText: 'all fourteen domain events',
        example: 'UserCreated,UserDeleted',
      }),
    WEBHOOK_MAX_ATTEMPTS: positiveInt.max(100).default(20).meta({
      description: 'Attempts per event and URL (at most 100) before the delivery is marked failed (`redeliverWebhook` sends it again).',
    }),
    WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000).meta({ description: 'An attempt without a 2xx answer within this long has failed.' }),
    WEBHOOK_BACKOFF_BASE_MS: positiveInt.default(1000).meta({
      description:
        'The wait after the n-th failed attempt: base × 2ⁿ⁻¹, at most `WEBHOOK_BACKOFF_MAX_MS`, less up to half of it at random. With the defaults, the 20 attempts span 1.3 to 2.5 hours.',
    }),
    WEBHOOK_BACKOFF_MAX_MS: positiveInt.default(900_000).meta({ description: 'The longest wait between two attempts.' }),
  })
  .meta({ title: 'Webhooks', description: 'Where domain events are delivered, signed, and how hard each delivery is tried.' });

type WebhookVariables = z.output<typeof webhookVariables>;

/** The webhook settings, or undefined when WEBHOOK_URLS is empty (no worker, no delivery rows). */
export function webhookSettings(env: WebhookVariables) {
  if (env.WEBHOOK_URLS.length === 0 || env.WEBHOOK_SECRET === undefined) return undefined;
  return {
    urls: env.WEBHOOK_URLS,
    /** `whsec_…`: signs every delivery (Standard Webhooks). */
    secret: env.WEBHOOK_SECRET,
    /** The domain events delivered; SignInFailed, a security event, never is. */
    eventTypes: env.WEBHOOK_EVENT_TYPES,
    /** Attempts per delivery before it is marked failed. */
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    /** Per attempt: a receiver that has not answered by then has failed it. */
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    /** The wait after the n-th failed attempt: baseMs·2^(n-1), at most maxMs, less up to half of it at random. */
    backoff: { baseMs: env.WEBHOOK_BACKOFF_BASE_MS, maxMs: env.WEBHOOK_BACKOFF_MAX_MS },
  };
}

export type WebhookSettings = NonNullable<ReturnType<typeof webhookSettings>>;

export function webhookProblems(env: WebhookVariables): Problem[] {
  if (env.WEBHOOK_URLS.length === 0 || env.WEBHOOK_SECRET !== undefined) return [];
  return [['WEBHOOK_SECRET', 'required when WEBHOOK_URLS is set (echo "WEBHOOK_SECRET=whsec_$(openssl rand -base64 32)" >> .env)']];
}

export function webhookWarnings(env: WebhookVariables): string[] {
  if (env.WEBHOOK_SECRET === undefined || env.WEBHOOK_URLS.length > 0) return [];
  return ['WEBHOOK_SECRET is set but WEBHOOK_URLS is not: no webhook is sent'];
}
