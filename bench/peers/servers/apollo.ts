/**
 * Apollo Server with its own node:http integration (`startStandaloneServer`: cors, body-parser,
 * then `executeHTTPGraphQLRequest`), the idiomatic way to serve it without a framework. The
 * landing page is disabled; with NODE_ENV=production introspection is off; no usage reporting
 * (no APOLLO_KEY); Apollo logs nothing per request.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { announce, host, port, resolvers, typeDefs } from './hello.ts';

const server = new ApolloServer({ typeDefs, resolvers, plugins: [ApolloServerPluginLandingPageDisabled()] });
const { url } = await startStandaloneServer(server, { listen: { port, host } });
announce('apollo', Number(new URL(url).port));
