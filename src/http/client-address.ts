import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/**
 * The client's address: the socket's, unless the socket is one of the trusted proxies, in which
 * case X-Forwarded-For is read from the right, as far as the proxies chain is trusted. In its
 * canonical form: IPv4-mapped IPv6 unmapped, IPv6 compressed and lower-cased (RFC 5952).
 */
export function clientAddressResolver(trustedProxies: string[]): (request: IncomingMessage) => string {
  const trust = proxyAddr.compile(trustedProxies);
  return (request) => {
    const address = request.socket.remoteAddress ? proxyAddr(request, trust) : 'unknown';
    return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
  };
}

/**
 * The client as the per-address limits count it. An IPv6 client owns its whole /64 (2^64
 * addresses, one subnet of one site), so it is counted as one, whichever address it picks.
 */
export function addressKey(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/64`).toString()}/64`;
}
