import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Clock } from '../../src/application/ports.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { hashBudget } from '../../src/runtime/hash-budget.ts';
import { argon2Environment, fastArgon2 } from './argon2-presets.ts';
import type { Cleanups } from './cleanups.ts';
import type { TestDatabase } from './databases.ts';

/** The one way tests start the service: in this process (`startServer(environment)`), or as
 * `node src/main.ts` in a child process where a test needs a real one (signals, cluster, kill -9). */

/** The token secret of every test server. */
export const testJwtSecret = 'k3Rj8vQ2nX5wZ9tB1mC7yL4pH6sF0dG8aE2uW5iO7rY=';
/** The key of every test server's email hashes: audit tests hash with it. */
export const testAuditHashKey = 'Vq7Lm2Xc9Rt4Bn8Kp1Wz6Hs3Dg5Fy0Ja7Ue2Io9Ql4=';

/** A free loopback port; metrics on a free port of their own, as in production (several servers run
 * at once here); an audit key and a refresh token key, whose absence would add warnings to every start. */
const place = {
  ...{ HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', AUDIT_HASH_KEY: testAuditHashKey },
  REFRESH_TOKEN_KEY: 'Tz5Gm2Qw8Xc1Rv7Bn4Kd9Hp3Ls6Fy0Ua8Je2Wi5Nc7=',
};
/** Unless `shipped`: a fixed secret, cheap argon2, and the per-address and per-account limits out of
 * the way (every request comes from 127.0.0.1, Redis counts outlive a run; they have tests of their own). */
const testSettings = {
  JWT_SECRET: testJwtSecret,
  ...argon2Environment(fastArgon2),
  CREATE_USER_MAX_PER_IP: '100000',
  AUTH_MAX_FAILURES_PER_IP: '100000',
  ACCOUNT_WRITES_PER_MINUTE: '10000',
};

export interface GraphQLResponse {
  status: number;
  // biome-ignore lint: a response body is whatever JSON the server sent.
  body: any;
}

export interface TestServer {
  origin: string;
  /** Where the metrics' own server listens (METRICS_PORT, production); undefined when they are off or on `origin`. */
  metricsOrigin: string | undefined;
  /** Every line the server logged, at trace level. */
  logs: string[];
  graphql(query: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Every response body this server sent to `graphql()`, to search for leaks. */
  responses: string[];
  close(): Promise<void>;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, once it said so in its log; null when it exited first. */
  origin: Promise<string | null>;
  exitCode: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export interface ChildProcessOptions {
  /** Gets what ends the process (SIGKILL if still running) after the test; without it, the caller ends it. */
  cleanups?: Cleanups;
  /** Instead of `node src/main.ts` (`['npm', 'start', '--silent']`). */
  command?: string[];
  /** In a process group of its own, as a terminal starts a command, so that a signal can go to all of it. */
  ownGroup?: boolean;
  /** The shipped settings (no JWT secret, production argon2, default limits) instead of the test ones. */
  shipped?: boolean;
}

export interface InProcessOptions {
  /** The server's time for sessions and access tokens, which the test moves; the system's unless told. */
  clock?: Clock;
}

/** The service on a free loopback port, configured by `environment` (DATABASE_URL at least) over the test settings. */
export function startServer(environment: NodeJS.ProcessEnv, options?: InProcessOptions): Promise<TestServer>;
/** …in a child process, resolved once it listens; throws if it exited instead. */
export function startServer(
  environment: NodeJS.ProcessEnv,
  options: ChildProcessOptions & { in: 'child process' },
): Promise<StartedProcess>;
export async function startServer(
  environment: NodeJS.ProcessEnv,
  options?: InProcessOptions | (ChildProcessOptions & { in: 'child process' }),
) {
  return options && 'in' in options ? startChildProcess(environment, options) : startInProcess(environment, options);
}

export type StartedProcess = { app: ServerProcess; origin: string };

async function startInProcess(environment: NodeJS.ProcessEnv, { clock }: InProcessOptions = {}): Promise<TestServer> {
  const config = loadConfig({ ...place, ...testSettings, LOG_LEVEL: 'trace', ...environment });
  const logs: string[] = [];
  const sink = new Writable({ write: (line, _encoding, done) => done(void logs.push(String(line))) });
  // As main.ts does: the machine's share of hashes worked out beside the configuration.
  const app = await createApp(config, createLogger(config.logLevel, sink), { hashesAtOnce: hashBudget(config).perProcess, clock });
  const origin = `http://127.0.0.1:${(await app.listen()).port}`;
  const metricsAddress = app.metricsAddress();
  const responses: string[] = [];
  return {
    origin,
    metricsOrigin: metricsAddress && `http://127.0.0.1:${metricsAddress.port}`,
    logs,
    responses,
    close: () => app.close(),
    async graphql(query, variables = {}, headers = {}) {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      responses.push(text);
      return { status: response.status, body: JSON.parse(text) };
    },
  };
}

async function startChildProcess(environment: NodeJS.ProcessEnv, options: ChildProcessOptions): Promise<StartedProcess> {
  const app = spawnServer(environment, options);
  const origin = await app.origin;
  if (!origin) throw new Error(`the server did not start: ${app.stderr()}`);
  return { app, origin };
}

/** The child process, not waited for: for tests of start-up itself (exit codes, fatal lines). It
 * logs at info level unless told: the line that names the port is how the caller learns where it listens. */
export function spawnServer(environment: NodeJS.ProcessEnv, options: ChildProcessOptions): ServerProcess {
  const { cleanups, command = [process.execPath, 'src/main.ts'], ownGroup = false, shipped = false } = options;
  const [program, ...args] = command as [string, ...string[]];
  const env = { PATH: process.env.PATH, ...place, ...(shipped ? {} : testSettings), LOG_LEVEL: 'info', ...environment };
  const child = spawn(program, args, { detached: ownGroup, env });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  cleanups?.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitCode;
  });
  const origin = new Promise<string | null>((resolve) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const port = /"port":(\d+)/.exec(stdout)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void exitCode.then(() => resolve(null));
  });
  return { child, origin, exitCode, stdout: () => stdout, stderr: () => stderr };
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The JSON lines the process logged so far. */
export function logLines(app: ServerProcess): LogLine[] {
  return app
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

export interface SuiteServer {
  database: TestDatabase;
  /** Replaceable, to restart: the suite closes whichever server is here at the end. */
  server: TestServer;
}

/** A database of the suite's own and a server on it, from beforeAll to afterAll. */
export function serverForSuite(
  createDatabase: () => Promise<TestDatabase>,
  environment: NodeJS.ProcessEnv = {},
  options: InProcessOptions = {},
): SuiteServer {
  const suite = {} as SuiteServer;
  beforeAll(async () => {
    suite.database = await createDatabase();
    suite.server = await startServer({ DATABASE_URL: suite.database.url, ...environment }, options);
  });
  afterAll(async () => {
    await suite.server?.close();
    await suite.database?.drop();
  });
  return suite;
}
