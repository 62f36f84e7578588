/** What every peer serves, the same for all three: `type Query { hello: String }`. */
export const typeDefs = 'type Query { hello: String }';
export const resolvers = { Query: { hello: () => 'world' } };

/** PORT from the environment, else the first argument, else 0 (any free port). */
export const port = Number(process.env.PORT ?? process.argv[2] ?? 0);
export const host = process.env.HOST ?? '127.0.0.1';

/** The one line a peer prints: compare.ts reads the port from it. Nothing is logged per request. */
export function announce(name: string, listening: number): void {
  console.log(JSON.stringify({ server: name, port: listening }));
}
