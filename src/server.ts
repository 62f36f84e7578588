import { createServer as createHttpServer, type Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { PasswordHasher, TokenIssuer, UnitOfWork } from './application/ports.ts';
import type { GraphQLContext } from './graphql/context.ts';

export interface ServerDeps {
  schema: GraphQLSchema;
  /** A fresh unit of work for each request; the edge never sees which adapter makes it. */
  createUnitOfWork: () => UnitOfWork;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  /** Resolves true when the database answers. */
  isHealthy: () => Promise<boolean>;
  logger: Logger;
}

/** GraphQL on /graphql (GraphiQL on GET, served from here, no CDN) and GET /health. */
export function createServer(deps: ServerDeps): Server {
  const yoga = createYoga<object, GraphQLContext>({
    schema: deps.schema,
    renderGraphiQL,
    graphiql: { title: 'User management' },
    landingPage: false,
    logging: deps.logger,
    // Masked in every environment: a driver error's message can hold SQL with inlined values.
    maskedErrors: { isDev: false },
    context: ({ request }) => ({
      unitOfWork: deps.createUnitOfWork(),
      passwordHasher: deps.passwordHasher,
      tokenIssuer: deps.tokenIssuer,
      bearerToken: bearerToken(request.headers.get('authorization')),
    }),
  });

  return createHttpServer(async (request, response) => {
    if (request.url === '/health' && request.method === 'GET') {
      const healthy = await deps.isHealthy().catch(() => false);
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable' }));
      return;
    }
    await yoga(request, response);
  });
}

function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
