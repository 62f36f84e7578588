import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusedUnlessRead, sendJson } from '../send-json.ts';
import { type CheckState, runReadinessChecks } from './readiness.ts';

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
  if (refusedUnlessRead(request, response)) return true;
  if (request.url === '/health') {
    sendJson(response, 200, { status: 'ok' });
  } else {
    const readiness = await runReadinessChecks(readinessChecks);
    sendJson(response, readiness.status === 'ok' ? 200 : 503, readiness);
  }
  return true;
}
