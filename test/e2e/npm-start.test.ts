import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { logLines, spawnApp } from '../support/spawn-app.ts';

const cleanups = cleanupsAfterEach();
const run = promisify(execFile);

/** The machine's own Node (Debian's /usr/bin/node), when it is older than the service needs. */
const oldNode = await run('/usr/bin/node', ['-p', 'process.versions.node']).then(
  ({ stdout }) => {
    const [major = 0, minor = 0] = stdout.trim().split('.').map(Number);
    return major < 22 || (major === 22 && minor < 17) ? stdout.trim() : null;
  },
  () => null,
);

describe('npm start', () => {
  it('hands SIGTERM sent to npm itself on to the server, which stops cleanly', async () => {
    const database = await databaseBackends[0]!.create();
    cleanups.push(() => database.drop());
    const app = spawnApp({ DATABASE_URL: database.url, JWT_SECRET: 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=' }, [
      'npm',
      'start',
      '--silent',
    ]);
    const origin = await app.origin;
    expect(origin).not.toBeNull();
    app.child.kill('SIGTERM'); // npm's own process: `exec` made the server its direct child
    expect(await app.exitCode).toBe(0);
    expect(
      logLines(app)
        .map((line) => line.msg)
        .slice(-2),
    ).toEqual(['shutting down: finishing in-flight requests', 'stopped']);
    await expect(fetch(`${origin}/health`)).rejects.toThrow();
  });

  it("asks glibc for huge pages for argon2's blocks, ahead of the caller's own tunables", async () => {
    const database = await databaseBackends[0]!.create();
    cleanups.push(() => database.drop());
    const environment = {
      DATABASE_URL: database.url,
      JWT_SECRET: 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=',
      GLIBC_TUNABLES: 'glibc.malloc.arena_max=2',
    };
    const app = spawnApp(environment, ['npm', 'start', '--silent']);
    cleanups.push(async () => {
      app.child.kill('SIGTERM');
      await app.exitCode;
    });
    expect(await app.origin).not.toBeNull();
    const serverPid = logLines(app)[0]!.pid;
    // glibc parses the variable in place and leaves only the first tunable in /proc/<pid>/environ
    // (the process's own environment keeps them all): ours, ahead of the caller's.
    const serverEnvironment = readFileSync(`/proc/${serverPid}/environ`, 'utf8').split('\0');
    expect(serverEnvironment.filter((variable) => variable.startsWith('GLIBC_TUNABLES='))).toEqual([
      'GLIBC_TUNABLES=glibc.malloc.hugetlb=1',
    ]);
  });

  it.runIf(oldNode)('stops with one line saying what to install, on a Node older than 22.17', async () => {
    const environment = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };
    const failed = await run('npm', ['start', '--silent'], { env: environment }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stderr: `This service needs Node.js 22.17 or newer (24 LTS recommended, see .nvmrc), not v${oldNode}: install it (for example \`nvm install\`) and run this again.\n`,
    });
  });
});
