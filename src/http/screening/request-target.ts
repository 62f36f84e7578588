import type { IncomingMessage } from 'node:http';

/**
 * Whether the request's URL can be built from its Host header and target, as Yoga builds it. One
 * that cannot (`Host: a b c`, `Host: x:99999`, an absolute-form target) made Yoga answer 500 with a
 * stack trace; it gets a plain 400 before Yoga sees it.
 */
export function hasWellFormedTarget(request: IncomingMessage): boolean {
  const target = request.url ?? '';
  if (!target.startsWith('/')) return false;
  const host = request.headers.host;
  if (host === undefined) return true; // HTTP/1.0 may leave it out; Yoga then takes the local address
  try {
    const url = new URL(`http://${host}${target}`);
    // A Host is a name and a port, no more: `evil.example/x` or `user@host` parse, but not as asked.
    return url.host === host.toLowerCase() && url.username === '' && url.pathname + url.search === target.replace(/#.*$/, '');
  } catch {
    return false;
  }
}
