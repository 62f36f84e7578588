import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { promisify } from 'node:util';

/**
 * Lowers the scheduling priority of libuv's thread pool, where argon2 hashes, by `nice` below the
 * event loop's, so that under a flood of sign-ins the event loop still gets a core when a read
 * arrives: with both cores hashing at equal priority, `me`'s p99 rose 1.4-1.7 times over idle, at
 * 10 below, 1.2-1.4 times (BENCHMARKS.md). argon2's own threads (parallelism p) are started by a
 * pool thread and inherit its value. Hashing loses nothing when the loop is idle: the cores are
 * then all its. Only ever lowered (up to 19, the lowest), which needs no privilege, so a process
 * already started under `nice` keeps working.
 *
 * Linux only (threads are found by name in /proc, as libuv names them); elsewhere a no-op.
 * Answers how many threads it lowered.
 */
export async function lowerHashThreadPriority(nice: number): Promise<number> {
  if (nice === 0 || process.platform !== 'linux') return 0;
  // libuv starts the whole pool on its first job; crypto's randomFill always goes through it.
  await promisify(randomFill)(new Uint8Array(1));
  const lowered = Math.min(19, getPriority() + nice);
  let count = 0;
  for (const thread of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${thread}/comm`, 'utf8').trim() !== 'libuv-worker') continue;
      // On Linux, setpriority on a thread id sets that thread's nice value alone.
      setPriority(Number(thread), lowered);
      count++;
    } catch {
      // The thread ended between the listing and now: nothing to lower.
    }
  }
  return count;
}
