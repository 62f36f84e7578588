import { createServer as createHttpServer, type Server } from 'node:http';
import { setImmediate as endOfTurn } from 'node:timers/promises';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { currentUser } from './application/current-user.ts';
import { PerKeyQueue } from './application/per-key-queue.ts';
import type {
  AuditTrail,
  PasswordHasher,
  RateLimits,
  SecurityEvents,
  TokenIssuer,
  UnitOfWork,
  UserDirectory,
  UserReader,
  WebhookDeliveries,
} from './application/ports.ts';
import type { User } from './domain/user.ts';
import type { GraphQLContext } from './graphql/context.ts';
import type { CredentialOutcome } from './graphql/credential-outcomes.ts';
import { documentLimitPlugins } from './graphql/document-limits.ts';
import { safeErrorMessages } from './graphql/safe-error-messages.ts';
import { type AccessRecord, logAccess, operationNameInAccessLog } from './http/access-log.ts';
import { addressKey, clientAddressResolver } from './http/client-address.ts';
import { corsPolicy } from './http/cors-policy.ts';
import { endAfterBody } from './http/end-after-body.ts';
import { getRequestParameters } from './http/get-request-parameters.ts';
import { graphiqlOptions, renderGraphiQLPage } from './http/graphiql-page.ts';
import { type MetricsSource, serveMetrics } from './http/metrics-endpoint.ts';
import { serveProbe } from './http/probe-endpoints.ts';
import type { CheckState } from './http/readiness.ts';
import { requestIdOf, requestScope } from './http/request-id.ts';
import { screenRequest } from './http/screen-request.ts';
import { writeJson } from './http/send-json.ts';
import { yogaLogger } from './http/yoga-logger.ts';

export interface ServerDeps {
  schema: GraphQLSchema;
  /** A fresh unit of work for each request; the edge never sees which adapter makes it. */
  createUnitOfWork: () => UnitOfWork;
  /** Where each request reads its caller, outside its unit of work. */
  userReader: UserReader;
  /** The users as admins look them up, outside any unit of work. */
  userDirectory: UserDirectory;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  rateLimits: RateLimits;
  uniformCredentialErrors: boolean;
  /** Where failed credential checks are recorded, each in a transaction of its own. */
  securityEvents: SecurityEvents;
  /** The outbox read as an audit trail, for the admins' audit queries. */
  auditTrail: AuditTrail;
  /** The webhook deliveries, for the admins' webhook fields. */
  webhookDeliveries: WebhookDeliveries;
  /** Hears how each credential mutation ended, from which address, in which request: for audit lines and metrics. */
  onCredentialOutcome: (outcome: CredentialOutcome & { clientAddress: string; requestId: string | undefined }) => void;
  /** Named readiness checks for GET /ready: the database, pending migrations, the rate-limit store. */
  readinessChecks: Record<string, () => Promise<CheckState>>;
  logger: Logger;
  /**
   * Takes up an unexpected error that is part of an outage, logged once as such, so it is not
   * logged per request; a promise when it takes a probe to tell.
   */
  isKnownFault: (error: unknown) => boolean | Promise<boolean>;
  trustedProxies: string[];
  maxBodyBytes: number;
  maxMutationsPerDocument: number;
  /** Origins whose pages may call the API from a browser; none by default. */
  corsOrigins: string[];
  introspection: boolean;
  graphiql: boolean;
  fieldSuggestions: boolean;
  /** Yoga plugins that only watch requests (the GraphQL request metrics); none when metrics are off. */
  observingPlugins: Plugin[];
  /** Served on GET /metrics on this port (development); undefined: metrics are off, or on a port of their own. */
  metricsHere: MetricsSource | undefined;
}

/**
 * GraphQL on /graphql (GraphiQL on GET, served from here, no CDN); GET /health for liveness (the
 * process serves HTTP, whatever its dependencies do) and GET /ready for readiness (it can serve
 * requests: the database answers, no migration is pending, the rate-limit store answers).
 */
export function createServer(deps: ServerDeps): Server {
  const addressOf = clientAddressResolver(deps.trustedProxies);
  const verificationsPerEmail = new PerKeyQueue();
  const yoga = createYoga<{ clientIp: string; clientAddress: string; access: AccessRecord }, GraphQLContext>({
    schema: deps.schema,
    renderGraphiQL: renderGraphiQLPage,
    graphiql: deps.graphiql && graphiqlOptions,
    landingPage: false,
    cors: corsPolicy(deps.corsOrigins),
    logging: yogaLogger(deps.logger, deps.isKnownFault),
    // Masked in every environment: a driver error's message can hold SQL with inlined values.
    maskedErrors: { isDev: false },
    // screenRequest has read the body, at most MAX_BODY_BYTES, before Yoga sees it. Yoga's own limit
    // would pipe every body through a TransformStream again, whose pipeline builds an AbortError
    // DOMException as it ends: 4-5% of the server's CPU under `me`.
    maxRequestBodySize: false,
    // A GET needs the CSRF header: only a script that passed a CORS preflight can set it.
    plugins: [
      ...deps.observingPlugins,
      useCSRFPrevention(),
      getRequestParameters(),
      ...documentLimitPlugins(deps),
      safeErrorMessages({ suggestions: deps.fieldSuggestions }),
      operationNameInAccessLog(),
    ],
    context: ({ request, clientIp, clientAddress }) => {
      const unitOfWork = deps.createUnitOfWork();
      const token = bearerToken(request.headers.get('authorization'));
      let viewer: Promise<User | null> | undefined;
      return {
        unitOfWork,
        userReader: deps.userReader,
        userDirectory: deps.userDirectory,
        passwordHasher: deps.passwordHasher,
        tokenIssuer: deps.tokenIssuer,
        rateLimits: deps.rateLimits,
        verificationsPerEmail,
        uniformCredentialErrors: deps.uniformCredentialErrors,
        securityEvents: deps.securityEvents,
        auditTrail: deps.auditTrail,
        webhookDeliveries: deps.webhookDeliveries,
        viewer: () => (viewer ??= currentUser(token, { userReader: deps.userReader, tokenIssuer: deps.tokenIssuer })),
        clientIp,
        clientAddress,
        reportCredentialOutcome: (outcome) =>
          deps.onCredentialOutcome({ ...outcome, clientAddress, requestId: requestScope.getStore()?.requestId }),
      };
    },
  });

  return createHttpServer((request, response) => {
    const requestId = requestIdOf(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    const address = addressOf(request);
    const access: AccessRecord = { operationName: null };
    logAccess(deps.logger, request, response, { requestId, clientAddress: address, access });
    return requestScope.run({ requestId }, async () => {
      if (await serveProbe(request, response, deps.readinessChecks)) return;
      if (deps.metricsHere && (await serveMetrics(request, response, deps.metricsHere))) return;
      const refusal = await screenRequest(request, deps.maxBodyBytes);
      if (refusal) {
        response.setHeader('connection', 'close');
        writeJson(response, refusal.status, { errors: [{ message: refusal.message }] });
        return endAfterBody(request, response);
      }
      // Handled in the check phase of the event-loop turn that read it, once that turn has read all
      // its requests: at 32 connections on 2 cores, a median of 23-29 % more requests a second
      // (BENCHMARKS.md), and one request alone is answered as fast. `me`'s read, batched per turn
      // (PreparedUserReader), then goes out one turn later.
      await endOfTurn();
      await yoga(request, response, { clientIp: addressKey(address), clientAddress: address, access });
    });
  });
}

function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
