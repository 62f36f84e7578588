/**
 * `npm run bench:memory`: the server's resident memory under 64 concurrent sign-ins, per setting
 * of the allocator, V8's young generation or the hash cap. Each run starts the server as `npm start`
 * does (its `node` command and flags; production settings, argon2id 64 MiB, t=3, p=4, the default
 * hash cap, a temporary SQLite file), signs up 64 users, then keeps 64 signIn loops going (one per user, so no
 * two wait on the same account's queue) for BENCH_SECONDS (default 20), sampling VmRSS every
 * 100 ms (VmHWM reset first, and read at the end); then 5 s idle; then ME_SECONDS (default 5; 0:
 * none) of `me` from 10 autocannon connections, for what a variant costs the cheap requests.
 * Server CPU time per request (from /proc) shows a variant that slows hashing or GC even when the
 * machine is shared and the rates are not to be trusted. Prints each run, then the medians.
 *
 * MEMORY_VARIANTS: `;`-separated sets of space-separated `NAME=value` (no spaces in a value) added
 * to the server's environment, and `--flags` put on its command line after the start script's own
 * (a later flag wins); `defaults` adds none; `jemalloc` as a value is Debian's
 * libjemalloc.so.2 (a variant that needs it is skipped where it is absent). BENCH_RUNS: runs per
 * variant (default 3), interleaved so the machine's load falls on every variant alike.
 * MEMORY_SMAPS=1 also prints, per run, where the resident memory was at the peak and after the
 * idle wait (by kind of mapping, from /proc/<pid>/smaps).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../test/support/operations.ts';
import { median } from './support/load.ts';
import { cpuSeconds, resetPeak, residentMiB } from './support/process-stats.ts';
import { productionSecrets, serverCommand } from './support/production-server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const idleSeconds = 5;
const meSeconds = Number(process.env.ME_SECONDS ?? 5);
const clients = 64;
const password = 'correct horse battery';
const jemalloc = [`/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`].find((path) =>
  existsSync(path),
);
const variants = (
  process.env.MEMORY_VARIANTS ??
  [
    // npm start as shipped (its --max-semi-space-size=16).
    'defaults',
    // V8's own young generation (0 is V8's default): the start before issue 11.
    '--max-semi-space-size=0',
    '--max-semi-space-size=0 MALLOC_ARENA_MAX=2',
    '--max-semi-space-size=0 MALLOC_ARENA_MAX=1',
    '--max-semi-space-size=0 LD_PRELOAD=jemalloc',
    '--max-semi-space-size=0 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072',
    '--max-semi-space-size=0 HASH_CONCURRENCY=1',
    '--max-semi-space-size=8',
    'HASH_CONCURRENCY=1',
    'HASH_CONCURRENCY=1 --max-semi-space-size=8',
    'HASH_CONCURRENCY=1 MALLOC_ARENA_MAX=2',
  ].join(';')
)
  .split(';')
  .map((variant) => variant.trim())
  .filter(Boolean);

const mib = (kib: number) => kib / 1024;

/** A variant's Node flags and environment; null when it needs jemalloc and there is none. */
function settingsOf(variant: string): { flags: string[]; environment: Record<string, string> } | null {
  const environment: Record<string, string> = {};
  const flags: string[] = [];
  for (const pair of variant === 'defaults' ? [] : variant.split(/\s+/)) {
    if (pair.startsWith('--')) {
      flags.push(pair);
      continue;
    }
    const [name, ...value] = pair.split('=');
    let text = value.join('=');
    if (text === 'jemalloc') {
      if (!jemalloc) return null;
      text = jemalloc;
    }
    environment[name!] = text;
  }
  return { flags, environment };
}

/** Resident KiB and number of mappings by kind, from /proc/<pid>/smaps: where the memory is. */
function residentByKind(pid: number): Record<string, { kib: number; mappings: number }> {
  const totals: Record<string, { kib: number; mappings: number }> = {};
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const [, start, end, mode, path] = header as unknown as [string, string, string, string, string];
      const size = (Number.parseInt(end, 16) - Number.parseInt(start, 16)) / 1024;
      // glibc's thread arenas live in 64 MiB-aligned heaps of at most 64 MiB (HEAP_MAX_SIZE);
      // a malloc above the mmap threshold is a mapping of its own, one page more than asked.
      if (path === '[heap]') kind = 'main arena (brk heap)';
      else if (path.startsWith('[')) kind = path;
      else if (path) kind = path.includes('.so') ? 'shared libraries' : 'other files';
      else if (mode !== 'rw-p') kind = 'anonymous, not rw';
      else if (Number.parseInt(start, 16) % (64 * 1024 * 1024) === 0 && size <= 65536)
        kind = 'anonymous 64 MiB-aligned ≤ 64 MiB (thread arenas)';
      else if (size >= 65536) kind = 'anonymous ≥ 64 MiB (argon2 blocks)';
      else kind = 'anonymous, other (V8 heap, stacks, …)';
      totals[kind] ??= { kib: 0, mappings: 0 };
      totals[kind]!.mappings++;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) totals[kind]!.kib += Number(rss[1]);
  }
  return totals;
}

interface Run {
  variant: string;
  beforeMiB: number;
  peakMiB: number;
  idleMiB: number;
  signInsPerSecond: number;
  /** Server CPU time per sign-in: unlike the rate, hardly moved by what else the machine runs. */
  cpuMsPerSignIn: number;
  failed: number;
  mePerSecond: number;
  /** Server CPU time per `me`: what a variant costs the cheap requests, more GC included. */
  cpuUsPerMe: number;
  mePeakMiB: number;
  /** At the highest RSS seen under load, and after the idle wait. */
  smaps?: { peak: Record<string, { kib: number; mappings: number }>; idle: Record<string, { kib: number; mappings: number }> };
}

async function measure(variant: string, { flags, environment }: { flags: string[]; environment: Record<string, string> }): Promise<Run> {
  const directory = mkdtempSync(join(tmpdir(), 'users-memory-'));
  // As `npm start` runs it on a fresh machine: its command, an environment with no allocator
  // settings but the variant's.
  const [node, ...args] = serverCommand();
  const child = spawn(node, [...args.slice(0, -1), ...flags, ...args.slice(-1)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${directory}/app.db`,
      ...productionSecrets,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      // Each user signs up from an address of its own: 64 sign-ups from one would pass the per-address limit.
      TRUST_PROXY: 'loopback',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  const started = new Promise<{ pid: number; origin: string }>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const port = /"port":(\d+)/.exec(line)?.[1];
      if (port) resolve({ pid: child.pid!, origin: `http://127.0.0.1:${port}` });
    });
    void exited.then(() => reject(new Error(`the server exited before listening: ${stderr}`)));
  });
  const { pid, origin } = await started.catch(async (error: Error) => {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  });
  try {
    if (stderr) throw new Error(`the server wrote to stderr: ${stderr}`);

    const send = async (query: string, input: object, index: number) => {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${index >> 8}.${index & 255}` },
        body: JSON.stringify({ query, variables: { input } }),
      });
      return JSON.stringify(await response.json());
    };
    const users = Array.from({ length: clients }, (_, index) => ({ email: `memory-${index}@bench.example`, password }));
    // Sign-ups 8 at a time: it is the sign-ins that are measured.
    for (let first = 0; first < clients; first += 8) {
      await Promise.all(
        users.slice(first, first + 8).map(async (user, offset) => {
          const index = first + offset;
          await send(CREATE_USER, { ...user, name: 'Mem', surname: 'Ory' }, index);
          const activated = await send(ACTIVATE, user, index);
          if (!activated.includes('"active":true')) throw new Error(`activate: ${activated}`);
        }),
      );
    }
    await sleep(1000);
    const before = residentMiB(pid).now;
    resetPeak(pid); // the peak of the load alone

    let peak = 0;
    let smapsPeak = 0;
    let smaps: Run['smaps'];
    let tick = 0;
    const sampler = setInterval(() => {
      const rss = residentMiB(pid).now;
      peak = Math.max(peak, rss);
      // smaps of the biggest RSS seen, read at most every 500 ms (reading it takes a few ms).
      if (process.env.MEMORY_SMAPS === '1' && tick++ % 5 === 0 && rss > smapsPeak) {
        smapsPeak = rss;
        smaps = { peak: residentByKind(pid), idle: {} };
      }
    }, 100);
    const cpuBefore = cpuSeconds(pid);
    const deadline = performance.now() + seconds * 1000;
    let token = '';
    let signedIn = 0;
    let failed = 0;
    await Promise.all(
      users.map(async (user, index) => {
        while (performance.now() < deadline) {
          const answer = await send(SIGN_IN, user, index).catch((error: Error) => error.message);
          if (answer.includes('"token"')) {
            signedIn++;
            token = JSON.parse(answer).data.signIn.token;
          } else if (failed++ < 3) console.error(`signIn: ${answer.slice(0, 200)}`);
        }
      }),
    );
    const elapsed = seconds + (performance.now() - deadline) / 1000;
    const cpu = cpuSeconds(pid) - cpuBefore;
    clearInterval(sampler);
    peak = Math.max(peak, residentMiB(pid).peak);
    await sleep(idleSeconds * 1000);
    const idle = residentMiB(pid).now;
    if (smaps) smaps.idle = residentByKind(pid);

    let mePerSecond = Number.NaN;
    let mePeak = Number.NaN;
    let cpuUsPerMe = Number.NaN;
    if (meSeconds > 0) {
      resetPeak(pid);
      const body = JSON.stringify({ query: ME });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const cpuBeforeMe = cpuSeconds(pid);
      const result = await autocannon({ url: `${origin}/graphql`, method: 'POST', headers, body, connections: 10, duration: meSeconds });
      mePerSecond = result.requests.average;
      cpuUsPerMe = ((cpuSeconds(pid) - cpuBeforeMe) * 1e6) / result.requests.total;
      mePeak = residentMiB(pid).peak;
      failed += result.non2xx + result.errors + result.timeouts;
    }

    return {
      variant,
      beforeMiB: before,
      peakMiB: peak,
      idleMiB: idle,
      signInsPerSecond: signedIn / elapsed,
      cpuMsPerSignIn: (cpu * 1000) / signedIn,
      failed,
      mePerSecond,
      cpuUsPerMe,
      mePeakMiB: mePeak,
      smaps,
    };
  } finally {
    child.kill('SIGTERM');
    const [code] = await exited;
    rmSync(directory, { recursive: true, force: true });
    if (code !== 0) {
      console.error(`${variant}: the server exited with ${code}: ${stderr}`);
      process.exitCode = 1;
    }
  }
}

console.log(
  `${clients} concurrent signIn loops for ${seconds} s, then ${idleSeconds} s idle; ${runs} run(s) per variant; ` +
    `jemalloc: ${jemalloc ?? 'absent'}; load average at start ${loadavg()[0]!.toFixed(1)}\n`,
);
const results: Run[] = [];
for (let round = 0; round < runs; round++) {
  for (const variant of variants) {
    const settings = settingsOf(variant);
    if (!settings) {
      if (round === 0) console.log(`${variant}: skipped, jemalloc is not installed`);
      continue;
    }
    const run = await measure(variant, settings);
    results.push(run);
    console.log(
      `${variant}: before ${run.beforeMiB.toFixed(0)} MiB, peak ${run.peakMiB.toFixed(0)} MiB, ` +
        `after ${idleSeconds} s idle ${run.idleMiB.toFixed(0)} MiB, ${run.signInsPerSecond.toFixed(1)} signIns/s, ${run.cpuMsPerSignIn.toFixed(0)} CPU ms each; me ${run.mePerSecond.toFixed(0)}/s, ${run.cpuUsPerMe.toFixed(0)} CPU µs each, peak ${run.mePeakMiB.toFixed(0)} MiB; ${run.failed} failed`,
    );
    for (const [moment, kinds] of Object.entries(run.smaps ?? {})) {
      const shown = Object.entries(kinds).filter(([, { kib }]) => kib >= 1024);
      console.log(
        `  ${moment}: ${shown.map(([kind, { kib, mappings }]) => `${kind} ${mib(kib).toFixed(0)} MiB in ${mappings}`).join('; ')}`,
      );
    }
  }
}

console.log(`\nMedians (load average at end ${loadavg()[0]!.toFixed(1)}):\n`);
console.log(
  '| server environment | runs | RSS before load MiB | peak RSS under load MiB | RSS after 5 s idle MiB | signIns/s | server CPU ms per signIn | `me` req/s | server CPU µs per `me` | peak RSS during `me` MiB | failed |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const variant of variants) {
  const mine = results.filter((run) => run.variant === variant);
  if (mine.length === 0) continue;
  const cell = (pick: (run: Run) => number, digits = 0) => median(mine.map(pick)).toFixed(digits);
  console.log(
    `| ${variant === 'defaults' ? '(none: `npm start` as shipped)' : `\`${variant}\``} | ${mine.length} | ${cell((run) => run.beforeMiB)} | ` +
      `${cell((run) => run.peakMiB)} | ${cell((run) => run.idleMiB)} | ${cell((run) => run.signInsPerSecond, 1)} | ${cell((run) => run.cpuMsPerSignIn)} | ${cell((run) => run.mePerSecond)} | ${cell((run) => run.cpuUsPerMe)} | ${cell((run) => run.mePeakMiB)} | ${mine.reduce((sum, run) => sum + run.failed, 0)} |`,
  );
}
