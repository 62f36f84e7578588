/**
 * Mercurius on Fastify 5 with its defaults (query cache on, graphql-jit off), GraphiQL off,
 * Fastify's logger off: POST /graphql.
 */
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { announce, host, port, resolvers, typeDefs } from './hello.ts';

const app = Fastify({ logger: false });
await app.register(mercurius, { schema: typeDefs, resolvers, graphiql: false });
await app.listen({ port, host });
announce('mercurius', (app.server.address() as { port: number }).port);
