export const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db';

/** Where the data lives, from `DATABASE_URL`: the one place that knows the URL forms. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

export const DEFAULT_DATABASE_TIMEOUTS = { connectMs: 5000, statementMs: 10_000 };

/** The location of a DATABASE_URL, or undefined when it has none of the known forms. */
export function databaseLocation(url: string): DatabaseLocation | undefined {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== '') return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\/./.test(url)) return { kind: 'postgresql', url };
  return undefined;
}

/** What is wrong with a URL without a location, its credentials hidden. */
export function wrongDatabaseUrl(url: string): string {
  return `must be sqlite:<path>, sqlite::memory: or postgres://…, not "${url.replace(/\/\/[^@/]*@/, '//***@')}"`;
}

export function parseDatabaseUrl(url: string): DatabaseLocation {
  const location = databaseLocation(url);
  if (!location) throw new Error(`DATABASE_URL ${wrongDatabaseUrl(url)}`);
  return location;
}
