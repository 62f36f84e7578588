import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusedUnlessRead, sendJson } from '../send-json.ts';

/** A JSON Web Key Set (RFC 7517): the public keys that verify this service's access tokens. */
export interface PublicKeySet {
  keys: object[];
}

export const jwksPath = '/.well-known/jwks.json';

/**
 * GET or HEAD /.well-known/jwks.json: the public keys (EdDSA), so that other services verify access
 * tokens without a secret. 404 with HS256: there is no public key, and an empty set would only make
 * a verifier pointed here fail later, token by token. Cached briefly: a rotation adds the new key
 * first and keeps the old one for a token lifetime, so a verifier a few minutes behind still finds
 * both, and one that meets an unknown `kid` fetches again (jose does). Resolves false for any other path.
 */
export function serveJwks(request: IncomingMessage, response: ServerResponse, keySet: PublicKeySet | undefined): boolean {
  if (request.url?.split('?')[0] !== jwksPath) return false;
  if (refusedUnlessRead(request, response)) return true;
  if (!keySet) {
    sendJson(response, 404, { status: 'not found: tokens are signed with HS256, which has no public key' });
  } else {
    response.setHeader('cache-control', 'public, max-age=300');
    // Public keys, for anyone: a verifier running in a browser may fetch them too.
    response.setHeader('access-control-allow-origin', '*');
    sendJson(response, 200, keySet);
  }
  return true;
}
