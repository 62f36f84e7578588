const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a text has the form of the ids the service hands out (users, events): a UUID, in
 * either case. Ids come from clients too; one that is no UUID names no one, and PostgreSQL would
 * refuse it in a uuid column rather than find nothing.
 */
export function isUuid(text: string): boolean {
  return uuid.test(text);
}
