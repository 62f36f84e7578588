/**
 * How every SQLite connection of the process (the ORM's and the rate limiter's) uses the file;
 * each also waits up to DATABASE_CONNECT_TIMEOUT_MS for the other's write lock (better-sqlite3's
 * `timeout`) rather than failing at once with SQLITE_BUSY.
 * - WAL: readers never wait for the writer, and a crash mid-write leaves the last commit intact.
 * - synchronous=FULL: each commit is on disk before it is acknowledged, so a sign-up or a password
 *   change that was answered survives a power loss too (NORMAL survives only a process crash).
 *   Writes are bounded by argon2 (about ten a second), so one fsync per commit costs nothing visible.
 */
export const sqlitePragmas = ['journal_mode = WAL', 'synchronous = FULL'];
