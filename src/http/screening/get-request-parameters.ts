import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Yoga answers `GET /graphql?query=…&variables=%7B` (not JSON) with a 500; the GraphQL-over-HTTP
 * specification, and a client that made a typo, want a 400 that says which parameter is wrong.
 */
export function getRequestParameters(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value !== null && !isJsonObjectOrNull(value)) {
          throw createGraphQLError(`The "${name}" parameter is not a JSON object.`, {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
      }
    },
  };
}

function isJsonObjectOrNull(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
}
