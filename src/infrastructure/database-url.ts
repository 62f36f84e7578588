export const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db';

/** Where the data lives, from `DATABASE_URL`: the one place that knows the URL forms. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

/** How long the service waits on the database before it gives up on a request. */
export interface DatabaseTimeouts {
  /** Opening a connection (PostgreSQL), or waiting for SQLite's write lock. */
  connectMs: number;
  /** One statement, including a network that stopped answering. */
  statementMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5000, statementMs: 10_000 };

export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== '') return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\/./.test(url)) return { kind: 'postgresql', url };
  throw new Error(`DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…, not "${url.replace(/\/\/[^@/]*@/, '//***@')}"`);
}
