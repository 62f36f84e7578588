import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

/** What one request did, filled in as it is served: the access line reads it once the response is sent. */
export interface AccessRecord {
  operationName: string | null;
}

/** Names the GraphQL operation of the request in its access record (anonymous ones stay null). */
export function operationNameInAccessLog(): Plugin<{ access: AccessRecord }> {
  return {
    onExecute({ args }) {
      args.contextValue.access.operationName = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    },
  };
}

/**
 * One `info` line per request, once its response has gone: who asked what, how it ended, how long it
 * took. Written when the exchange closes, not when the response finishes: a refusal is answered whole
 * but ends only after the rest of its body, and a client that read it may hang up before that.
 */
export function logAccess(
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
  line: { requestId: string; clientAddress: string; access: AccessRecord },
): void {
  const started = performance.now();
  response.once('close', () => {
    if (!response.headersSent) return;
    logger.info(
      {
        requestId: line.requestId,
        method: request.method,
        path: request.url?.split('?')[0],
        status: response.statusCode,
        operationName: line.access.operationName,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        clientAddress: line.clientAddress,
      },
      'request',
    );
  });
}
