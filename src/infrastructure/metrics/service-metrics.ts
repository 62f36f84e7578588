import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { WebhookObserver } from '../../webhooks/delivery-worker.ts';
import type { HashLoad, HashTimings } from '../argon2/argon2-password-hasher.ts';
import type { RateLimitObserver } from '../rate-limits/open-rate-limits.ts';
import { credentialOutcomeCounter } from './credential-outcome-metrics.ts';
import { databasePoolGauges, type PoolUsage } from './database-pool-metrics.ts';
import { graphqlRequestMetrics } from './graphql-request-metrics.ts';
import { createMetricsRegistry } from './metrics-registry.ts';
import { hashDurationHistogram, hashLoadGauge } from './password-hashing-metrics.ts';
import { rateLimitCounters } from './rate-limit-metrics.ts';
import { webhookCounters } from './webhook-metrics.ts';

/** Every metric of one app, on a registry of its own, as the hooks each part of the app takes. */
export interface ServiceMetrics {
  registry: Registry;
  /** For Yoga: the request duration by operation. */
  graphqlPlugin: Plugin;
  countCredentialOutcome(outcome: { mutation: string; result: string }): void;
  hashTimings: HashTimings;
  rateLimits: RateLimitObserver;
  webhooks: WebhookObserver;
  /** Gauges read at each scrape from what exists only once the adapters are open. */
  watch(sources: { hasher: { readonly load: HashLoad }; pools: Record<string, PoolUsage | undefined> }): void;
}

export function createServiceMetrics(): ServiceMetrics {
  const registry = createMetricsRegistry();
  return {
    registry,
    graphqlPlugin: graphqlRequestMetrics(registry),
    countCredentialOutcome: credentialOutcomeCounter(registry),
    hashTimings: hashDurationHistogram(registry),
    rateLimits: rateLimitCounters(registry),
    webhooks: webhookCounters(registry),
    watch({ hasher, pools }) {
      hashLoadGauge(registry, hasher);
      databasePoolGauges(registry, pools);
    },
  };
}
