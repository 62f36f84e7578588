import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CheckState, runReadinessChecks } from './readiness.ts';
import { sendJson } from './send-json.ts';

/**
 * GET /health for liveness (the process serves HTTP, whatever its dependencies do) and GET /ready
 * for readiness (every named check says `ok`). Resolves false for any other path.
 */
export async function serveProbe(
  request: IncomingMessage,
  response: ServerResponse,
  readinessChecks: Record<string, () => Promise<CheckState>>,
): Promise<boolean> {
  if (request.url !== '/health' && request.url !== '/ready') return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    sendJson(response, 405, { status: 'method not allowed' });
  } else if (request.url === '/health') {
    sendJson(response, 200, { status: 'ok' });
  } else {
    const readiness = await runReadinessChecks(readinessChecks);
    sendJson(response, readiness.status === 'ok' ? 200 : 503, readiness);
  }
  return true;
}
