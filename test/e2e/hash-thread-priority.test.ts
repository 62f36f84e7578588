import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '../support/databases.ts';
import { CREATE_USER } from '../support/operations.ts';
import { type SpawnedApp, spawnApp } from '../support/spawn-app.ts';

const sqlite = databaseBackends[0]!;
let database: TestDatabase;
let app: SpawnedApp;

afterEach(async () => {
  app.child.kill('SIGTERM');
  await app.exitCode;
  await database.drop();
});

/** Each thread of the process now: its name and nice value (field 19 of /proc/<pid>/task/<tid>/stat). */
function threads(pid: number): { name: string; nice: number }[] {
  const found = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      found.push({ name, nice });
    } catch {
      // The thread ended between the listing and the read: argon2's lanes are short-lived.
    }
  }
  return found;
}

async function serve(environment: NodeJS.ProcessEnv): Promise<string> {
  database = await sqlite.create();
  app = spawnApp({ DATABASE_URL: database.url, ...environment });
  return `${await app.origin}/graphql`;
}

describe.skipIf(process.platform !== 'linux')('the thread pool that hashes', () => {
  // The server starts at this process's nice value, whatever the machine runs the tests under.
  const loop = getPriority();

  it('runs 10 nice steps below the event loop, and argon2 lanes started during a hash inherit it', async () => {
    const url = await serve({ ARGON2_MEMORY_KIB: '65536', ARGON2_TIME_COST: '3', ARGON2_PARALLELISM: '4' });
    const pid = app.child.pid!;
    const before = threads(pid);
    const lowered = Math.min(19, loop + 10);
    expect(before.filter((thread) => thread.name === 'libuv-worker')).toEqual(Array(4).fill({ name: 'libuv-worker', nice: lowered }));
    expect(before.filter((thread) => thread.name !== 'libuv-worker').map((thread) => thread.nice)).toEqual(
      Array(before.length - 4).fill(loop),
    );

    // A hash with parallelism 4 starts lanes of its own (named after the pool thread that starts
    // them): sample until more than the pool's 4 are seen, every one at nice 10.
    const lanes = new Set<number>();
    for (let user = 0; user < 10 && !lanes.size; user++) {
      let hashing = true;
      const created = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: CREATE_USER,
          variables: { input: { email: `lane${user}@example.com`, password: 'correct horse', name: 'L', surname: 'N' } },
        }),
      }).finally(() => (hashing = false));
      while (hashing) {
        const pool = threads(pid).filter((thread) => thread.name === 'libuv-worker');
        if (pool.length > 4) for (const { nice } of pool) lanes.add(nice);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await (await created).json()).data.createUser.__typename).toBe('User');
    }
    expect([...lanes]).toEqual([lowered]);
  });

  it('starts under nice 15 with lanes at 19, the lowest, without asking for a privilege', async () => {
    database = await sqlite.create();
    app = spawnApp({ DATABASE_URL: database.url }, ['nice', '-n', String(15 - loop), process.execPath, 'src/main.ts']);
    expect(await app.origin).not.toBeNull();
    const pool = threads(app.child.pid!).filter((thread) => thread.name === 'libuv-worker');
    expect(pool).toEqual(Array(4).fill({ name: 'libuv-worker', nice: 19 }));
  });

  it('keeps every thread at the event loop’s priority with HASH_THREAD_NICE=0', async () => {
    await serve({ HASH_THREAD_NICE: '0' });
    expect(new Set(threads(app.child.pid!).map((thread) => thread.nice))).toEqual(new Set([loop]));
  });
});
