import type { CORSOptions } from 'graphql-yoga';

/**
 * Cross-origin browser access for the listed origins only, and none at all by default. Tokens are
 * bearer headers, so no cookie rides along; still, a page a visitor opens must not be able to use
 * their browser to guess passwords or reach an instance on an internal network.
 */
export function corsPolicy(allowedOrigins: string[]): (request: Request) => CORSOptions {
  const allowed = new Set(allowedOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-graphql-yoga-csrf'],
      maxAge: 600,
    };
  };
}
