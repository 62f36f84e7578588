import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of this app's own, with Node's process metrics (CPU, memory, heap, event-loop lag,
 * handles, GC). Never prom-client's global one: a test process runs many apps at once, and each
 * must count only its own requests.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
