import { execFile } from 'node:child_process';
import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { promisify } from 'node:util';
import { type HashThreadPriority, NICE_WITHOUT_IDLE } from '../config/runtime.ts';

const execute = promisify(execFile);

/**
 * Lowers the scheduling priority of libuv's thread pool, where argon2 hashes, so that under a
 * flood of sign-ins the event loop gets a core the moment a read arrives. argon2's own threads
 * (parallelism p) are started by a pool thread and inherit its policy and nice value.
 *
 * - `idle` (SCHED_IDLE): hashes run only on CPU time nothing else wants, and any other thread that
 *   wakes takes the core from them at once. During a flood the event loop waited for a core
 *   124-170 ms of each second with the lanes at nice 10, 39-76 at SCHED_IDLE (BENCHMARKS.md).
 *   Set through util-linux's `chrt`, as Node has no call for it; without it, NICE_WITHOUT_IDLE
 *   steps instead.
 * - a number: that many nice steps below, up to 19, the lowest.
 *
 * Only ever lowered, which needs no privilege, so a process already started under `nice` keeps
 * working. Hashing loses nothing when the loop is idle: the cores are then all its.
 * Linux only (threads are found by name in /proc, as libuv names them); elsewhere a no-op.
 * Answers why SCHED_IDLE could not be set when it was asked for, null otherwise.
 */
export async function lowerHashThreadPriority(priority: HashThreadPriority): Promise<string | null> {
  if (priority === 0 || process.platform !== 'linux') return null;
  // libuv starts the whole pool on its first job; crypto's randomFill always goes through it.
  await promisify(randomFill)(new Uint8Array(1));
  const pool = poolThreads();
  if (priority !== 'idle') {
    lowerNice(pool, priority);
    return null;
  }
  for (const [index, thread] of pool.entries()) {
    try {
      // Short options: util-linux's and BusyBox's chrt both take them.
      await execute('chrt', ['-i', '-p', '0', String(thread)]);
    } catch (error) {
      // A thread set to SCHED_IDLE cannot leave it without privilege: the rest take nice steps.
      lowerNice(pool.slice(index), NICE_WITHOUT_IDLE);
      return whyRefused(error as Error & { stderr?: string });
    }
  }
  return null;
}

/** chrt's own words when it ran and refused (EPERM, say), else why it could not run. */
function whyRefused(error: Error & { stderr?: string }): string {
  return error.stderr?.trim() || error.message.split('\n')[0]!;
}

function poolThreads(): number[] {
  return readdirSync('/proc/self/task')
    .filter((thread) => threadName(thread) === 'libuv-worker')
    .map(Number);
}

function threadName(thread: string): string | undefined {
  try {
    return readFileSync(`/proc/self/task/${thread}/comm`, 'utf8').trim();
  } catch {
    return undefined; // The thread ended between the listing and now.
  }
}

function lowerNice(threads: number[], steps: number): void {
  const lowered = Math.min(19, getPriority() + steps);
  // On Linux, setpriority on a thread id sets that thread's nice value alone.
  for (const thread of threads) setPriority(thread, lowered);
}
