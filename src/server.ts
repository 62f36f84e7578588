import { createServer as createHttpServer, type ServerResponse, type Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { PerKeyQueue } from './application/per-key-queue.ts';
import type { PasswordHasher, RateLimits, TokenIssuer, UnitOfWork } from './application/ports.ts';
import type { GraphQLContext } from './graphql/context.ts';
import { documentLimitPlugins } from './graphql/document-limits.ts';
import { clientAddressResolver } from './http/client-address.ts';
import { BodyTooLargeError, readBody } from './http/read-body.ts';
import { type CheckState, runReadinessChecks } from './http/readiness.ts';
import { getRequestParameters } from './http/get-request-parameters.ts';
import { hasWellFormedTarget } from './http/request-target.ts';
import { yogaLogger } from './http/yoga-logger.ts';

export interface ServerDeps {
  schema: GraphQLSchema;
  /** A fresh unit of work for each request; the edge never sees which adapter makes it. */
  createUnitOfWork: () => UnitOfWork;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  rateLimits: RateLimits;
  uniformCredentialErrors: boolean;
  /** Named readiness checks for GET /ready: the database, pending migrations, the rate-limit store. */
  readinessChecks: Record<string, () => Promise<CheckState>>;
  logger: Logger;
  /** Takes up an unexpected error that is an already-logged outage, so it is not logged per request. */
  isKnownFault: (error: unknown) => boolean;
  trustedProxies: string[];
  maxBodyBytes: number;
  introspection: boolean;
  graphiql: boolean;
  fieldSuggestions: boolean;
}

/**
 * GraphQL on /graphql (GraphiQL on GET, served from here, no CDN); GET /health for liveness (the
 * process serves HTTP, whatever its dependencies do) and GET /ready for readiness (it can serve
 * requests: the database answers, no migration is pending, the rate-limit store answers).
 */
export function createServer(deps: ServerDeps): Server {
  const clientAddress = clientAddressResolver(deps.trustedProxies);
  const verificationsPerEmail = new PerKeyQueue();
  const yoga = createYoga<{ clientIp: string }, GraphQLContext>({
    schema: deps.schema,
    renderGraphiQL,
    graphiql: deps.graphiql && { title: 'User management' },
    landingPage: false,
    logging: yogaLogger(deps.logger, deps.isKnownFault),
    // Masked in every environment: a driver error's message can hold SQL with inlined values.
    maskedErrors: { isDev: false },
    plugins: [getRequestParameters(), ...documentLimitPlugins(deps)],
    context: ({ request, clientIp }) => ({
      unitOfWork: deps.createUnitOfWork(),
      passwordHasher: deps.passwordHasher,
      tokenIssuer: deps.tokenIssuer,
      rateLimits: deps.rateLimits,
      verificationsPerEmail,
      uniformCredentialErrors: deps.uniformCredentialErrors,
      bearerToken: bearerToken(request.headers.get('authorization')),
      clientIp,
    }),
  });

  return createHttpServer(async (request, response) => {
    if (request.url === '/health' || request.url === '/ready') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        return sendJson(response, 405, { status: 'method not allowed' });
      }
      if (request.url === '/health') return sendJson(response, 200, { status: 'ok' });
      const readiness = await runReadinessChecks(deps.readinessChecks);
      return sendJson(response, readiness.status === 'ok' ? 200 : 503, readiness);
    }
    if (!hasWellFormedTarget(request)) {
      response.setHeader('connection', 'close');
      return sendJson(response, 400, { errors: [{ message: 'Bad request: malformed Host header or request target' }] });
    }
    try {
      await readBody(request, deps.maxBodyBytes);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      const message = tooLarge ? `Request body is larger than ${deps.maxBodyBytes} bytes` : 'Request body could not be read';
      response.setHeader('connection', 'close');
      return sendJson(response, tooLarge ? 413 : 400, { errors: [{ message }] });
    }
    await yoga(request, response, { clientIp: clientAddress(request) });
  });
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
