import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/values/database-url.ts';

/**
 * Ends an account's write window now, as the passing of its minute would: the account's count in
 * the server's rate-limit store (the PostgreSQL database itself, or the SQLite file beside the
 * database) expires. A test of what follows the window then waits for no clock.
 */
export async function endWriteWindow(databaseUrl: string, accountId: string): Promise<void> {
  const key = `writes_account:${accountId}`;
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'postgresql') {
    const client = new pg.Client({ connectionString: location.url });
    await client.connect();
    try {
      const { rowCount } = await client.query('update auth_rate_limits set expire = $1 where key = $2', [Date.now(), key]);
      expect(rowCount).toBe(1);
    } finally {
      await client.end();
    }
    return;
  }
  const file = new Database(location.path.replace(/\.db$/, '.rate-limits.db'));
  try {
    expect(file.prepare('update auth_rate_limits set expire = ? where key = ?').run(Date.now(), key).changes).toBe(1);
  } finally {
    file.close();
  }
}
