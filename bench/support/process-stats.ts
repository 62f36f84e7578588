/** What Linux says of a process: its resident memory and the CPU time it has used. */
import { readFileSync, writeFileSync } from 'node:fs';

/** Resident memory now and at its highest since start or resetPeak, in MiB (VmRSS, VmHWM). */
export function residentMiB(pid: number): { now: number; peak: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1]);
  return { now: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Sets the process's peak resident memory to what it holds now, so a peak can be read per phase. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: in clock ticks (USER_HZ, 100 on Linux)
}

/**
 * Waits until the process has gone quiet (under 5% of a core for half a second): requests that a
 * load left queued, sign-ins waiting for a hash, are done before the next measurement starts.
 * Gives up after a minute, saying so: a process that never quiets should not hang the bench.
 */
export async function quiet(pid: number): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (cpuSeconds(pid) - before < 0.025) return;
  }
  console.warn(`process ${pid} still busy after a minute: measuring anyway`);
}
