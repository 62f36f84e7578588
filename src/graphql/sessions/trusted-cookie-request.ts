/** Yoga's CSRF-prevention header: a page can set it only on a request of its own origin, or one a CORS preflight let through. */
const csrfHeader = 'x-graphql-yoga-csrf';

/**
 * Whether a request may use the session cookie. A browser sends the cookie with any request a
 * page of the same site starts, a form or a sibling subdomain's script included; the CSRF header
 * and an Origin of this server's or of CORS_ORIGINS say that a trusted page's script sent it.
 */
export function trustedCookieRequest(corsOrigins: readonly string[]): (request: Request) => boolean {
  const listed = new Set(corsOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!request.headers.has(csrfHeader) || origin === null) return false;
    return listed.has(origin) || isOwnOrigin(origin, request.headers.get('host'));
  };
}

/**
 * The page is this server's own: the same host (name and port, a default port or not) as the
 * request's Host. The scheme is not the server's to see when TLS ends at a proxy, so it is https,
 * or http on a loopback name only: the two where a browser keeps a Secure cookie at all. Only an
 * origin as a browser spells it: no path, no user, lower case.
 */
export function isOwnOrigin(origin: string, host: string | null): boolean {
  const url = URL.parse(origin);
  if (url?.origin !== origin || host === null || url.host !== URL.parse(`${url.protocol}//${host}`)?.host) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

/** The names a browser treats as this machine's (`*.localhost` too): there it keeps Secure cookies over http. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
