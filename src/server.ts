import { createServer as createHttpServer, type Server } from 'node:http';
import { setImmediate as endOfTurn } from 'node:timers/promises';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { HttpSettings } from './config/http.ts';
import { contextFactory, type GraphQLContext, type Ports } from './graphql/context.ts';
import { schema } from './graphql/schema.ts';
import { refreshCookies } from './graphql/sessions/refresh-cookie.ts';
import { documentLimitPlugins } from './graphql/shared/document-limits.ts';
import { safeErrorMessages } from './graphql/shared/safe-error-messages.ts';
import { type AccessRecord, logAccess, operationNameInAccessLog } from './http/access-log.ts';
import { addressKey, clientAddressResolver } from './http/client-address.ts';
import { corsPolicy } from './http/cors-policy.ts';
import { type PublicKeySet, serveJwks } from './http/endpoints/jwks-endpoint.ts';
import { type MetricsSource, serveMetrics } from './http/endpoints/metrics-endpoint.ts';
import { serveProbe } from './http/endpoints/probe-endpoints.ts';
import type { CheckState } from './http/endpoints/readiness.ts';
import { serveGraphiQL } from './http/graphiql/graphiql-endpoint.ts';
import { requestIdOf, requestScope } from './http/request-id.ts';
import { endAfterBody } from './http/screening/end-after-body.ts';
import { getRequestParameters } from './http/screening/get-request-parameters.ts';
import { screenRequest } from './http/screening/screen-request.ts';
import { writeJson } from './http/send-json.ts';
import { yogaLogger } from './http/yoga-logger.ts';
import type { RequestTracer } from './observability/request-spans.ts';

export interface ServerDeps {
  /** What every request's use cases share (see graphql/context.ts). */
  ports: Ports;
  /** The edge's settings, from the configuration. */
  http: EdgeSettings;
  /** What the operators get: logs, readiness, metrics. */
  operations: Operations;
  /** The public keys of the access tokens, served on GET /.well-known/jwks.json; undefined with HS256 (404). */
  publicKeys: PublicKeySet | undefined;
}

export type EdgeSettings = Pick<
  HttpSettings,
  'trustedProxies' | 'maxBodyBytes' | 'maxMutationsPerDocument' | 'corsOrigins' | 'introspection' | 'graphiql' | 'fieldSuggestions'
> & {
  /** The refresh token rides in a cookie (`SESSION_COOKIE`, docs/sessions.md#cookie-mode). */
  sessionCookie: boolean;
};

export interface Operations {
  logger: Logger;
  /** Named readiness checks for GET /ready: the database, pending migrations, the rate-limit store. */
  readinessChecks: Record<string, () => Promise<CheckState>>;
  /**
   * Takes up an unexpected error that is part of an outage, logged once as such, so it is not
   * logged per request; a promise when it takes a probe to tell.
   */
  isKnownFault: (error: unknown) => boolean | Promise<boolean>;
  /** Yoga plugins that only watch requests (the GraphQL request metrics, the tracing spans); none when both are off. */
  observingPlugins: Plugin[];
  /** Runs a request's handling inside its span; undefined when tracing is off. */
  traceRequest?: RequestTracer | undefined;
  /** Served on GET /metrics on this port (development); undefined: metrics are off, or on a port of their own. */
  metricsHere: MetricsSource | undefined;
}

/**
 * GraphQL on /graphql (GraphiQL on GET, served from here, no CDN); GET /health for liveness (the
 * process serves HTTP, whatever its dependencies do) and GET /ready for readiness (it can serve
 * requests: the database answers, no migration is pending, the rate-limit store answers); GET
 * /.well-known/jwks.json for the public keys of the access tokens (EdDSA).
 */
export function createServer({ ports, http, operations, publicKeys }: ServerDeps): Server {
  const addressOf = clientAddressResolver(http.trustedProxies);
  const contextOf = contextFactory(ports);
  const cookies = http.sessionCookie ? refreshCookies(http.corsOrigins) : undefined;
  const yoga = createYoga<{ clientIp: string; clientAddress: string; access: AccessRecord }, GraphQLContext>({
    schema,
    // Served below Yoga (http/graphiql/): its files apart, compressed and cached.
    graphiql: false,
    landingPage: false,
    cors: corsPolicy(http.corsOrigins),
    logging: yogaLogger(operations.logger, operations.isKnownFault),
    // Masked in every environment: a driver error's message can hold SQL with inlined values.
    maskedErrors: { isDev: false },
    // screenRequest has read the body, at most MAX_BODY_BYTES, before Yoga sees it. Yoga's own limit
    // would pipe every body through a TransformStream again, whose pipeline builds an AbortError
    // DOMException as it ends: 4-5% of the server's CPU under `me`.
    maxRequestBodySize: false,
    // A GET needs the CSRF header: only a script that passed a CORS preflight can set it.
    plugins: [
      ...operations.observingPlugins,
      useCSRFPrevention(),
      getRequestParameters(),
      ...documentLimitPlugins(http),
      safeErrorMessages({ suggestions: http.fieldSuggestions }),
      operationNameInAccessLog(),
      ...(cookies ? [cookies.plugin] : []),
    ],
    context: ({ request, clientIp, clientAddress }) =>
      contextOf({
        authorization: request.headers.get('authorization'),
        userAgent: request.headers.get('user-agent'),
        clientIp,
        clientAddress,
        refreshCookie: cookies?.of(request) ?? null,
      }),
  });

  return createHttpServer((request, response) => {
    const requestId = requestIdOf(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    const address = addressOf(request);
    const access: AccessRecord = { operationName: null };
    logAccess(operations.logger, request, response, { requestId, clientAddress: address, access });
    return requestScope.run({ requestId }, async () => {
      if (await serveProbe(request, response, operations.readinessChecks)) return;
      if (serveJwks(request, response, publicKeys)) return;
      if (operations.metricsHere && (await serveMetrics(request, response, operations.metricsHere))) return;
      // Probes and scrapes are not traced: every few seconds each, they would bury the requests.
      if (operations.traceRequest) return operations.traceRequest(request, response, serve);
      return serve();
    });

    async function serve(): Promise<void> {
      const refusal = await screenRequest(request, http.maxBodyBytes);
      if (refusal) {
        response.setHeader('connection', 'close');
        writeJson(response, refusal.status, { errors: [{ message: refusal.message }] });
        return endAfterBody(request, response);
      }
      if (await serveGraphiQL(request, response, http.graphiql)) return;
      // Handled in the check phase of the event-loop turn that read it, once that turn has read all
      // its requests: at 32 connections on 2 cores, a median of 23-29 % more requests a second
      // (BENCHMARKS.md), and one request alone is answered as fast. `me`'s read, batched per turn
      // (PreparedUserReader), then goes out one turn later.
      await endOfTurn();
      await yoga(request, response, { clientIp: addressKey(address), clientAddress: address, access });
    }
  });
}
