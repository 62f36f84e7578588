/**
 * The one media type a POST body may have (as GraphQL over HTTP says): JSON, which a browser
 * cannot send cross-site without a preflight. (`application/graphql-response+json` names a
 * response, not a request; Yoga refuses it as a body.)
 */
const accepted = 'application/json';

/**
 * Whether a POST may go on to GraphQL. Form, multipart, text and `application/graphql` bodies are
 * what a hostile page can post with no preflight, so they never reach a resolver.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === accepted;
}
