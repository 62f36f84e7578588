/** The servers compare.ts benches, each a child process of its own with its output in a file. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  logPath: string;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/**
 * `node <args>` with NODE_ENV=production on a free port of 127.0.0.1. Its stdout and stderr go to a
 * file, not a pipe: this process, which also runs autocannon, has nothing to drain.
 */
export async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, logDir: string): Promise<Server> {
  const port = await freePort();
  const logPath = join(logDir, `${name}.log`);
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { name, child, url: `http://127.0.0.1:${port}/graphql`, exited, logPath };
}

/** Waits until the server answers `query` with a 200; fails when it exits first or after 60 s. */
export async function serving(server: Server, query: string): Promise<void> {
  let gone = false;
  void server.exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (!gone && Date.now() < deadline) {
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${server.name} did not start:\n${readFileSync(server.logPath, 'utf8').slice(-2000)}`);
}

/** SIGTERM, then SIGKILL if it is still there 15 s later. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, sleep(15_000, 'timeout' as const)]);
  if (code === 'timeout') server.child.kill('SIGKILL');
}

/** Peak resident memory of a process so far, in MiB (Linux). */
export function peakRssMiB(server: Server): number {
  const kib = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kib) / 1024);
}
