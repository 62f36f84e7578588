/**
 * A webhook URL as logs and admins see it: without a query string, which may hold the receiver's
 * credentials (`?token=…`); user info is refused at configuration, and never shown either.
 */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}
