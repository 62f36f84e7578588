import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '../support/databases.ts';
import { CREATE_USER } from '../support/operations.ts';
import { logLines, type SpawnedApp, spawnApp } from '../support/spawn-app.ts';

const sqlite = databaseBackends[0]!;
let database: TestDatabase;
let app: SpawnedApp;

afterEach(async () => {
  app.child.kill('SIGTERM');
  await app.exitCode;
  await database.drop();
});

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

interface Thread {
  name: string;
  nice: number;
  policy: number;
}

/** Each thread of the process now: its name, nice value and scheduling policy (fields 19 and 41 of /proc/<pid>/task/<tid>/stat). */
function threads(pid: number): Thread[] {
  const found = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.push({ name, nice: Number(fields[16]), policy: Number(fields[38]) });
    } catch {
      // The thread ended between the listing and the read: argon2's lanes are short-lived.
    }
  }
  return found;
}

const pool = (all: Thread[]) => all.filter((thread) => thread.name === 'libuv-worker');
const others = (all: Thread[]) => all.filter((thread) => thread.name !== 'libuv-worker');

async function serve(environment: NodeJS.ProcessEnv): Promise<string> {
  database = await sqlite.create();
  app = spawnApp({ DATABASE_URL: database.url, ...environment });
  return `${await app.origin}/graphql`;
}

/**
 * The scheduling of the threads of the pool and of the argon2 lanes they start while they hash
 * (parallelism 4: lanes named after the pool thread that starts them): sampled during hashes until
 * more than the pool's 4 threads are seen, as `nice/policy`.
 */
async function hashingThreads(url: string, pid: number): Promise<string[]> {
  const seen = new Set<string>();
  for (let user = 0; user < 10 && !seen.size; user++) {
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
      const running = pool(threads(pid));
      if (running.length > 4) for (const { nice, policy } of running) seen.add(`${nice}/${policy}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await (await created).json()).data.createUser.__typename).toBe('User');
  }
  return [...seen];
}

const hashThreadWarnings = () =>
  logLines(app)
    .filter((line) => line.level === 40 && line.msg.includes('hash threads'))
    .map(({ msg, reason }) => ({ msg, reason }));
const production = { ARGON2_MEMORY_KIB: '65536', ARGON2_TIME_COST: '3', ARGON2_PARALLELISM: '4' };

describe.skipIf(process.platform !== 'linux')('the thread pool that hashes', () => {
  // The server starts at this process's nice value, whatever the machine runs the tests under.
  const loop = getPriority();
  const atLoop = { nice: loop, policy: SCHED_OTHER };
  const lowered = Math.min(19, loop + 10);
  const fallback = 'the hash threads could not be set to SCHED_IDLE: those not set run 10 nice steps below the event loop';

  it.runIf(availableParallelism() > 1)(
    'runs at SCHED_IDLE by default when the event loops leave a core, and argon2 lanes started during a hash inherit it',
    async () => {
      const url = await serve(production);
      const pid = app.child.pid!;
      const before = threads(pid);
      expect(pool(before)).toEqual(Array(4).fill({ name: 'libuv-worker', nice: loop, policy: SCHED_IDLE }));
      expect(others(before).map(({ nice, policy }) => ({ nice, policy }))).toEqual(Array(before.length - 4).fill(atLoop));
      expect(await hashingThreads(url, pid)).toEqual([`${loop}/${SCHED_IDLE}`]);
      expect(hashThreadWarnings()).toEqual([]);
    },
  );

  it('runs 10 nice steps below the event loop with HASH_THREAD_NICE=10, and argon2 lanes inherit it', async () => {
    const url = await serve({ ...production, HASH_THREAD_NICE: '10' });
    const pid = app.child.pid!;
    const before = threads(pid);
    expect(pool(before)).toEqual(Array(4).fill({ name: 'libuv-worker', nice: lowered, policy: SCHED_OTHER }));
    expect(others(before).map(({ nice, policy }) => ({ nice, policy }))).toEqual(Array(before.length - 4).fill(atLoop));
    expect(await hashingThreads(url, pid)).toEqual([`${lowered}/${SCHED_OTHER}`]);
  });

  it('falls back to 10 nice steps below, and says why, when chrt cannot be run', async () => {
    // A PATH without chrt: node is started by its full path.
    await serve({ HASH_THREAD_NICE: 'idle', PATH: '/nonexistent' });
    expect(pool(threads(app.child.pid!))).toEqual(Array(4).fill({ name: 'libuv-worker', nice: lowered, policy: SCHED_OTHER }));
    expect(hashThreadWarnings()).toEqual([{ msg: fallback, reason: 'spawn chrt ENOENT' }]);
  });

  it('keeps at SCHED_IDLE the threads chrt set before it refused, lowers the rest by 10, and logs chrt’s own words', async () => {
    // A chrt that sets the first thread (through the real one) and refuses every later call.
    const bin = mkdtempSync(join(tmpdir(), 'chrt-'));
    const realChrt = execFileSync('sh', ['-c', 'command -v chrt'], { encoding: 'utf8' }).trim();
    const refusal = 'chrt: failed to set pid 0 policy: Operation not permitted';
    writeFileSync(
      join(bin, 'chrt'),
      `#!/bin/sh\nif [ -e "${bin}/once" ]; then echo "${refusal}" >&2; exit 1; fi\n: > "${bin}/once"\nexec ${realChrt} "$@"\n`,
      { mode: 0o755 },
    );
    try {
      await serve({ HASH_THREAD_NICE: 'idle', PATH: bin });
      const nice10 = { name: 'libuv-worker', nice: lowered, policy: SCHED_OTHER };
      expect(pool(threads(app.child.pid!))).toEqual([{ name: 'libuv-worker', nice: loop, policy: SCHED_IDLE }, nice10, nice10, nice10]);
      expect(hashThreadWarnings()).toEqual([{ msg: fallback, reason: refusal }]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('starts under nice 15 with HASH_THREAD_NICE=10 and lowers the pool to 19, the lowest, without asking for a privilege', async () => {
    database = await sqlite.create();
    app = spawnApp({ DATABASE_URL: database.url, HASH_THREAD_NICE: '10' }, [
      'nice',
      '-n',
      String(15 - loop),
      process.execPath,
      'src/main.ts',
    ]);
    expect(await app.origin).not.toBeNull();
    expect(pool(threads(app.child.pid!))).toEqual(Array(4).fill({ name: 'libuv-worker', nice: 19, policy: SCHED_OTHER }));
  });

  it('keeps every thread at the event loop’s priority with HASH_THREAD_NICE=0', async () => {
    await serve({ HASH_THREAD_NICE: '0' });
    expect(new Set(threads(app.child.pid!).map(({ nice, policy }) => `${nice}/${policy}`))).toEqual(new Set([`${loop}/${SCHED_OTHER}`]));
  });
});
