import type { Worker } from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import type { MetricsSource } from '../http/endpoints/metrics-endpoint.ts';

const request = 'user-management:metrics?';
const reply = 'user-management:metrics';

/**
 * In a cluster's worker, instead of a server of METRICS_PORT: the worker answers its primary, which
 * serves that port with every worker's metrics summed (see clusterMetrics).
 */
export function answerPrimary(registry: Registry): undefined {
  const answer = (message: object) => process.connected && process.send?.(message);
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type !== request) return;
    // A collect callback that throws fails the scrape, never the worker.
    registry.getMetricsAsJSON().then(
      (metrics) => answer({ type: reply, id: message.id, metrics }),
      (error: Error) => answer({ type: reply, id: message.id, error: error.message }),
    );
  });
}

/**
 * In the primary: the metrics of every serving worker, summed by prom-client's aggregation
 * (counters and histograms added; each gauge as its `aggregator` says, by default added too). A
 * worker that does not answer within `timeoutMs` fails the scrape rather than drop its counts,
 * which Prometheus would read as counters going back to zero.
 */
export function clusterMetrics(serving: () => Worker[], timeoutMs: number): MetricsSource {
  let lastId = 0;
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const perWorker = await Promise.all(serving().map((worker) => metricsOf(worker, ++lastId, timeoutMs)));
      return AggregatorRegistry.aggregate(perWorker).metrics();
    },
  };
}

function metricsOf(worker: Worker, id: number, timeoutMs: number): Promise<object[]> {
  return new Promise((resolve, reject) => {
    const settle = (error: Error | undefined, metrics: object[] = []) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('exit', onExit);
      if (error) reject(error);
      else resolve(metrics);
    };
    const onMessage = (message: { type?: string; id?: number; metrics?: object[]; error?: string }) => {
      if (message?.type !== reply || message.id !== id) return;
      settle(message.error === undefined ? undefined : new Error(message.error), message.metrics);
    };
    const onExit = () => settle(new Error(`worker ${worker.id} exited`));
    const timer = setTimeout(() => settle(new Error(`worker ${worker.id} did not answer within ${timeoutMs} ms`)), timeoutMs);
    worker.on('message', onMessage).on('exit', onExit);
    worker.send({ type: request, id });
  });
}
