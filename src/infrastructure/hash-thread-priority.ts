import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { promisify } from 'node:util';

/**
 * Lowers the scheduling priority (raises the nice value) of libuv's thread pool, where argon2
 * hashes, so that under a flood of sign-ins the event loop still gets a core when a read arrives:
 * with both cores hashing at equal priority, `me`'s p99 rose 1.4-1.7 times over idle, at nice 10
 * 1.2-1.4 times (BENCHMARKS.md). argon2's own threads (parallelism p) are started by a pool thread and inherit
 * its nice value. Hashing loses nothing when the loop is idle: the cores are then all its.
 *
 * Linux only (threads are found by name in /proc, as libuv names them); elsewhere a no-op.
 * Answers how many threads it lowered.
 */
export async function lowerHashThreadPriority(nice: number): Promise<number> {
  if (nice === 0 || process.platform !== 'linux') return 0;
  // libuv starts the whole pool on its first job; crypto's randomFill always goes through it.
  await promisify(randomFill)(new Uint8Array(1));
  let lowered = 0;
  for (const thread of readdirSync('/proc/self/task')) {
    if (readFileSync(`/proc/self/task/${thread}/comm`, 'utf8').trim() !== 'libuv-worker') continue;
    // On Linux, setpriority on a thread id sets that thread's nice value alone.
    setPriority(Number(thread), nice);
    lowered++;
  }
  return lowered;
}
