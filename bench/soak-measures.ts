/** What `npm run soak` measures: the server process and its memory, and each request's outcome. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface MemorySample {
  /** Seconds since the load began. */
  at: number;
  rssMiB: number;
  /** The highest RSS so far (VmHWM). */
  peakRssMiB: number;
  /** V8 heap after the latest collection: committed, in use; and in use after the latest full one. */
  heapCommittedMiB: number;
  heapMiB: number;
  liveHeapMiB: number;
}

// "Mark-Compact (reduce) 40.1 (52.0) -> 31.2 (50.0) MB": used (committed) before -> after, in MiB.
const gcLine = /: (Scavenge|Minor Mark-Sweep|Mark-Compact)\b.*? [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/;

/**
 * `node src/main.ts` as `npm start` runs it, but with `--trace-gc`: the heap is read from V8's
 * own GC lines, so neither src/ nor an inspector has to expose it. Resident memory from /proc.
 */
export function startServer(environment: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--trace-gc', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...environment },
  });
  let heapCommittedMiB = NaN;
  let heapMiB = NaN;
  let liveHeapMiB = NaN;
  let stderr = '';
  const errorLines: string[] = [];
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  const origin = new Promise<string | null>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const gc = gcLine.exec(line);
      if (gc) {
        heapMiB = Number(gc[2]);
        heapCommittedMiB = Number(gc[3]);
        if (gc[1] === 'Mark-Compact') liveHeapMiB = heapMiB;
      } else if (line.startsWith('{')) {
        const entry = JSON.parse(line) as { level: number; port?: number };
        if (entry.port) resolve(`http://127.0.0.1:${entry.port}`);
        if (entry.level >= 50) errorLines.push(line);
      }
    });
    void exitCode.then(() => resolve(null));
  });
  return {
    child,
    origin,
    exitCode,
    errorLines,
    stderr: () => stderr,
    sample(at: number): MemorySample {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const mib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
      return { at, rssMiB: mib('VmRSS'), peakRssMiB: mib('VmHWM'), heapCommittedMiB, heapMiB, liveHeapMiB };
    },
  };
}

/**
 * Prints memory at start, thirds, middle and end, and whether RSS levelled off. The verdict reads
 * the peak RSS (VmHWM), not RSS: V8's old space grows and is compacted in a sawtooth of a minute
 * or two, and each hash holds 64 MiB for its ~100 ms, so RSS swings by 100-200 MiB from one sample
 * to the next; a leak shows as a peak that keeps rising.
 */
export function printMemory(samples: MemorySample[], seconds: number) {
  const nearest = (at: number) => samples.reduce((best, sample) => (Math.abs(sample.at - at) < Math.abs(best.at - at) ? sample : best));
  const mib = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(0));
  console.log(
    '\n| point | at s | RSS MiB | peak RSS MiB | V8 heap committed MiB | heap used MiB (after last GC) | live heap MiB (after last full GC) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, at] of [
    ['start (idle)', 0],
    ['one third', seconds / 3],
    ['middle', seconds / 2],
    ['two thirds', (2 * seconds) / 3],
    ['end', seconds],
  ] as const) {
    const { rssMiB, peakRssMiB, heapCommittedMiB, heapMiB, liveHeapMiB } = nearest(at);
    console.log(
      `| ${name} | ${nearest(at).at.toFixed(0)} | ${[rssMiB, peakRssMiB, heapCommittedMiB, heapMiB, liveHeapMiB].map(mib).join(' | ')} |`,
    );
  }
  const first = nearest(seconds / 3).peakRssMiB - nearest(0).peakRssMiB;
  const last = nearest(seconds).peakRssMiB - nearest((2 * seconds) / 3).peakRssMiB;
  // Levelled off: the last third raised the peak by under a quarter of what the first (the warm-up)
  // did, or by under 16 MiB, one more page run kept by an allocator.
  const levelled = last < Math.max(16, first / 4);
  console.log(
    `\nPeak RSS rose ${first.toFixed(0)} MiB in the first third, ${last.toFixed(0)} MiB in the last: ${levelled ? 'levelled off' : 'STILL GROWING'}`,
  );
}

/** How a request ended: the answer its kind expects, or one of the ways it can go wrong. */
export type Outcome = 'expected' | 'serverError' | 'masked' | 'connection' | 'other';
const outcomes: Outcome[] = ['expected', 'serverError', 'masked', 'connection', 'other'];
export interface Tally extends Record<Outcome, number> {
  ms: number[];
  /** The first few unexpected answers, to show what went wrong. */
  examples: string[];
}

/** Prints counts and latencies per request kind, and the unexpected answers kept; answers how many there were. */
export function printRequests(tallies: Map<string, Tally>): number {
  const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * share)] ?? NaN;
  const total = (outcome: Outcome) => [...tallies.values()].reduce((sum, tally) => sum + tally[outcome], 0);
  console.log('| request | count | expected | 5xx | "Unexpected error." | connection error | other | p50 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [kind, tally] of tallies) {
    const count = outcomes.reduce((sum, outcome) => sum + tally[outcome], 0);
    const latency = [0.5, 0.99].map((share) => percentile(tally.ms, share).toFixed(1));
    console.log(`| ${kind} | ${count} | ${outcomes.map((outcome) => tally[outcome]).join(' | ')} | ${latency.join(' | ')} |`);
  }
  const all = outcomes.reduce((sum, outcome) => sum + total(outcome), 0);
  console.log(`| all | ${all} | ${outcomes.map(total).join(' | ')} | | |`);
  for (const example of [...tallies.values()].flatMap((tally) => tally.examples)) console.log(`unexpected: ${example}`);
  return all - total('expected');
}
