/**
 * The server as `npm start` runs it in production, in a process of its own: the start script's
 * `node` command with its flags, NODE_ENV=production, info-level logs written to a file as to a
 * collector. The bench process, which runs the load generator, has no pipe to drain.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProductionServer {
  /** The server's own pid. */
  pid: number;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  logPath: string;
  stop(): Promise<void>;
}

/** BENCH_SERVER_ENV, space-separated NAME=value pairs added to every server's environment: to bench a lever. */
export const leverSettings: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

/**
 * The command that `npm start` runs after its Node version check, from package.json
 * (`node --max-semi-space-size=16 src/main.ts`), with this process's Node: the server itself,
 * which signals reach directly, without npm and its shell in between.
 */
export function serverCommand(): [string, ...string[]] {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const [, ...args] = scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  return [process.execPath, ...args];
}

/** `cwd`: the checkout whose src/main.ts runs (another build, to compare with); this one by default. */
export async function startProductionServer(environment: Record<string, string>, logPath: string, cwd?: string): Promise<ProductionServer> {
  const log = openSync(logPath, 'w');
  const [node, ...args] = serverCommand();
  const child = spawn(node, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      JWT_SECRET: 'B8tK2wQ9mZ4xR1vB7nC5yL3hJ6sF0dG2aE7uW4iO9lR=',
      AUDIT_HASH_KEY: 'Jb5Wx2Qm8Vt1Nc7Zr4Ls9Kd3Hf6Gy0Pa2Ue5Io8Tq1=',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      ...leverSettings,
      ...environment,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  // The start line holds the port.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null) break;
    const port = /"port":(\d+)/.exec(readFileSync(logPath, 'utf8'))?.[1];
    if (port) return { pid: child.pid!, url: `http://127.0.0.1:${port}/graphql`, logPath, stop };
  }
  await stop();
  throw new Error(`the server did not start:\n${readFileSync(logPath, 'utf8').slice(-2000)}`);
}
