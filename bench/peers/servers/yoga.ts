/** Bare graphql-yoga 5 on node:http, as this service mounts it: no GraphiQL, no landing page, no logging. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { announce, host, port, resolvers, typeDefs } from './hello.ts';

const yoga = createYoga({
  schema: createSchema({ typeDefs, resolvers }),
  graphiql: false,
  landingPage: false,
  logging: false,
});
const server = createServer(yoga);
server.listen(port, host, () => announce('yoga', (server.address() as AddressInfo).port));
