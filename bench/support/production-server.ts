/**
 * The server as `npm start` runs it in production, in a process of its own: the start script's
 * `node` command with its flags, NODE_ENV=production, info-level logs written to a file as to a
 * collector. The bench process, which runs the load generator, has no pipe to drain.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

export interface ProductionServer {
  /** The server's own pid. */
  pid: number;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  logPath: string;
  stop(): Promise<void>;
}

/** The secrets production requires, fixed so that every bench server reads the same settings. */
export const productionSecrets: Record<string, string> = {
  JWT_SECRET: 'B8tK2wQ9mZ4xR1vB7nC5yL3hJ6sF0dG2aE7uW4iO9lR=',
  AUDIT_HASH_KEY: 'Jb5Wx2Qm8Vt1Nc7Zr4Ls9Kd3Hf6Gy0Pa2Ue5Io8Tq1=',
  REFRESH_TOKEN_KEY: 'Qx7Lm2Vn9Rc4Tz1Wb6Hy3Kd8Pf5Gs0Ja2Ue7Io4Nt1=',
};

/** BENCH_SERVER_ENV, space-separated NAME=value pairs added to every server's environment: to bench a lever. */
export const leverSettings: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

/**
 * The command that `npm start` runs after its Node version check, from the checkout's package.json
 * (`node --max-semi-space-size=16 src/main.ts`), with this process's Node: the server itself,
 * which signals reach directly, without npm and its shell in between. Builds before issue 21 ran
 * `exec sh src/cli/run-node.sh src/main.ts`: that launcher runs, and execs into the server.
 */
export function serverCommand(cwd?: string): [string, ...string[]] {
  const checkout = cwd ? pathToFileURL(`${resolve(cwd)}/`) : new URL('../../', import.meta.url);
  const { scripts } = JSON.parse(readFileSync(new URL('package.json', checkout), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start
    .split('&&')
    .at(-1)!
    .trim()
    .replace(/^exec\s+/, '')
    .split(/\s+/);
  return [program === 'node' ? process.execPath : program!, ...args];
}

/** `cwd`: the checkout whose `npm start` runs (another build, to compare with); this one by default. */
export async function startProductionServer(environment: Record<string, string>, logPath: string, cwd?: string): Promise<ProductionServer> {
  const log = openSync(logPath, 'w');
  const [program, ...args] = serverCommand(cwd);
  const child = spawn(program, args, {
    cwd,
    env: {
      // This Node first, for a launcher that runs `node`.
      PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ...productionSecrets,
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
