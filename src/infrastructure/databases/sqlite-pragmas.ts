/**
 * How the ORM's SQLite connection uses the file; it waits up to DATABASE_CONNECT_TIMEOUT_MS for
 * another process's write lock (better-sqlite3's `timeout`) rather than failing at once with SQLITE_BUSY.
 * - WAL: readers never wait for the writer, and a crash mid-write leaves the last commit intact.
 * - synchronous=FULL: each commit is on disk before it is acknowledged, so a sign-up or a password
 *   change that was answered survives a power loss too (NORMAL survives only a process crash).
 *   Its fsync holds the event loop, so writes are bounded per account (ACCOUNT_WRITES_PER_MINUTE)
 *   and per document (MAX_MUTATIONS_PER_DOCUMENT) rather than the durability lowered.
 */
export const sqlitePragmas = ['journal_mode = WAL', 'synchronous = FULL'];

/**
 * The rate limiter's file (one of its own, see openRateLimits): its counts may lose their last
 * writes to a power loss (NORMAL keeps them through a process crash), which gives a guesser a few
 * attempts at most. With FULL,
 * the four counts of a sign-in held the event loop 1.8-2.0 ms (p50; 0.5-0.6 with NORMAL), and
 * every `me` in flight waited behind them.
 */
export const rateLimitSqlitePragmas = ['journal_mode = WAL', 'synchronous = NORMAL'];
