import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { refusedUnlessRead, sendJson } from '../send-json.ts';

/** What serving needs of a prom-client registry: the edge imports no metrics library. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** GET or HEAD /metrics: the registry in Prometheus' text format. Resolves false for any other path. */
export async function serveMetrics(request: IncomingMessage, response: ServerResponse, source: MetricsSource): Promise<boolean> {
  if (request.url?.split('?')[0] !== '/metrics') return false;
  if (refusedUnlessRead(request, response)) return true;
  let text: string;
  try {
    text = await source.metrics();
  } catch {
    // Only a collect callback of ours can throw here; a scrape that fails must not fail the process.
    sendJson(response, 500, { status: 'metrics could not be collected' });
    return true;
  }
  response.writeHead(200, { 'content-type': source.contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
  return true;
}

/**
 * The metrics alone, on a port of their own (`METRICS_PORT`, always in production), so they are
 * never reachable where the API is: /metrics, and 404 for anything else.
 */
export function createMetricsServer(source: MetricsSource): Server {
  return createServer(async (request, response) => {
    if (!(await serveMetrics(request, response, source))) sendJson(response, 404, { status: 'not found' });
  });
}
