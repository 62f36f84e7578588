import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The client's address: the socket's, unless the socket is one of the trusted proxies, in which
 * case X-Forwarded-For is read from the right, as far as the proxies chain is trusted.
 */
export function clientAddressResolver(trustedProxies: string[]): (request: IncomingMessage) => string {
  const trust = proxyAddr.compile(trustedProxies);
  return (request) => (request.socket.remoteAddress ? proxyAddr(request, trust) : 'unknown');
}
