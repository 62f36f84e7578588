import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { commaList, flag, port, positiveInt } from './values/variables.ts';

export const httpVariables = z
  .object({
    HOST: z.string().default('0.0.0.0').meta({ description: 'Address to listen on.' }),
    PORT: port.default(4000).meta({ description: 'Port to listen on (`0`: any free port).' }),
    TRUST_PROXY: commaList
      .superRefine((proxies, ctx) => {
        try {
          proxyAddr.compile(proxies);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default([])
      .meta({
        description:
          'Comma-separated addresses or subnets of the proxies (or `loopback`, `linklocal`, `uniquelocal`) whose `X-Forwarded-For` is believed.',
        defaultText: 'unset (none)',
        example: 'loopback',
      }),
    MAX_BODY_BYTES: positiveInt.default(100 * 1024).meta({
      description: 'Larger request bodies get `413` before parsing (the rest of the body is read and dropped, see docs/security.md).',
    }),
    MAX_MUTATIONS_PER_DOCUMENT: positiveInt.default(5).meta({
      description: 'Mutation fields one document may hold (aliases and fragments included); more is refused before execution.',
    }),
    CORS_ORIGINS: commaList
      .pipe(z.array(z.string().refine(isOrigin, 'Each entry must be an origin: scheme://host[:port], no path')))
      .default([])
      .meta({
        description: 'Comma-separated origins whose pages may call the API from a browser, with credentials.',
        defaultText: 'unset (no cross-origin browser access)',
        example: 'https://app.example.com',
      }),
    GRAPHQL_INTROSPECTION: flag
      .optional()
      .meta({ description: 'Allow schema introspection.', defaultText: '`true`, `false` in production', example: 'false' }),
    GRAPHIQL: flag.optional().meta({
      description: 'Serve GraphiQL on `GET /graphql`.',
      defaultText: '`true`, `false` in production',
      example: 'false',
    }),
  })
  .meta({ title: 'HTTP', description: 'Where the API listens, whom it believes and serves, and how much one request may ask.' });

export function httpSettings(env: z.output<typeof httpVariables>, production: boolean) {
  return {
    host: env.HOST,
    port: env.PORT,
    /** Addresses or subnets of the proxies whose X-Forwarded-For is believed; empty: none. */
    trustedProxies: env.TRUST_PROXY,
    maxBodyBytes: env.MAX_BODY_BYTES,
    /** Mutation fields one operation may run (`MAX_MUTATIONS_PER_DOCUMENT`), aliases and fragments included. */
    maxMutationsPerDocument: env.MAX_MUTATIONS_PER_DOCUMENT,
    /** Origins whose pages may call the API from a browser (`CORS_ORIGINS`). */
    corsOrigins: env.CORS_ORIGINS,
    // Open for development, closed in production unless asked for.
    introspection: env.GRAPHQL_INTROSPECTION ?? !production,
    graphiql: env.GRAPHIQL ?? !production,
    /** "Did you mean …?" hints, which map the schema for whoever asks: development only. */
    fieldSuggestions: !production,
  };
}

export type HttpSettings = ReturnType<typeof httpSettings>;

function isOrigin(text: string): boolean {
  return URL.canParse(text) && new URL(text).origin === text;
}
