/**
 * `npm run bench` (fourth part): what one SQLite commit costs the event loop. better-sqlite3 is
 * synchronous, so a commit's whole time, its fsync included, is time the loop serves nothing
 * else. Times single-row update transactions in WAL at synchronous=FULL and NORMAL, alternating,
 * on a file in the OS temp directory, and prints a Markdown table for BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const commits = Number(process.env.BENCH_COMMITS ?? 500);
const rounds = 4;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

function timeCommits(synchronous: 'FULL' | 'NORMAL'): number[] {
  const directory = mkdtempSync(join(tmpdir(), 'sqlite-commit-'));
  const database = new Database(join(directory, 'bench.db'));
  try {
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${synchronous}`);
    database.exec('create table users (id integer primary key, name text not null, version integer not null)');
    database.prepare('insert into users (id, name, version) values (1, ?, 0)').run('Ada');
    const update = database.prepare('update users set name = ?, version = version + 1 where id = 1');
    const commit = database.transaction((name: string) => update.run(name));
    const times: number[] = [];
    for (let i = 0; i < commits; i++) {
      const started = performance.now();
      commit(`name ${i}`);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const samples = { FULL: [] as number[], NORMAL: [] as number[] };
for (let round = 0; round < rounds; round++) {
  for (const synchronous of ['FULL', 'NORMAL'] as const) samples[synchronous].push(...timeCommits(synchronous));
}
console.log(`| synchronous (WAL) | commits | p50 | p99 | commits/s on one loop |\n|---|---|---|---|---|`);
for (const [synchronous, times] of Object.entries(samples)) {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  console.log(
    `| ${synchronous} | ${times.length} | ${percentile(sorted, 0.5).toFixed(3)} ms | ${percentile(sorted, 0.99).toFixed(3)} ms | ` +
      `${Math.round((times.length / total) * 1000)} |`,
  );
}
