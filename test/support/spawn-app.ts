import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface SpawnedApp {
  child: ChildProcess;
  /** Where it listens, once it said so in its log; null when it exited first. */
  origin: Promise<string | null>;
  exitCode: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** `node src/main.ts` as `npm start` runs it, in a process of its own. It logs at info level
 * unless told (debug, to see what is said below it): the line that names the port is how the
 * caller learns where it listens. `ownGroup`: in a process group of its own, as a terminal starts
 * a command, so that a signal can go to all of it. */
export function spawnApp(
  environment: NodeJS.ProcessEnv,
  command = [process.execPath, 'src/main.ts'],
  { ownGroup = false } = {},
): SpawnedApp {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    detached: ownGroup,
    // METRICS_PORT: in production a free port of their own (9464 may be taken by another test's process).
    // AUDIT_HASH_KEY, REFRESH_TOKEN_KEY: production requires them, and their absence would add a warning to every start.
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      AUDIT_HASH_KEY: 'Rm3Tq8Vw1Xz6Cb9Nd4Fg7Hj2Kl5Ps0Ay8Ue3Io6Wr1=',
      REFRESH_TOKEN_KEY: 'Kf8Wq3Zr6Tb1Ny4Ux9Pc2Md7Hs5Lg0Ve3Ja6Oi8Qt1=',
      ...environment,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
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
export function logLines(app: SpawnedApp): LogLine[] {
  return app
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}
