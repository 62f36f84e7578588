/**
 * The session cookie came without Yoga's CSRF header, or from an origin that is neither this
 * server's nor in CORS_ORIGINS: it was not used. An edge refusal, as ValidationError is: the use
 * cases never see cookies.
 */
export class CookieRefusedError extends Error {
  constructor() {
    super('The session cookie is taken only with the header x-graphql-yoga-csrf and an Origin of this server or of CORS_ORIGINS');
  }
}
