import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { logLines, spawnServer } from '../support/server.ts';

const cleanups = cleanupsAfterEach();
const run = promisify(execFile);

/** The machine's own Node (Debian's /usr/bin/node), when package.json's engines leave it out. */
const oldNode = await run('/usr/bin/node', ['src/cli/require-node.cjs']).then(
  () => null,
  (error: { code?: number }) =>
    error.code === 1 ? run('/usr/bin/node', ['-p', 'process.versions.node']).then(({ stdout }) => stdout.trim()) : null,
);

describe('npm start', () => {
  it('serves, and stops cleanly on Ctrl-C: the terminal signals npm, its shell and the server together', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const environment = { DATABASE_URL: database.url, JWT_SECRET: 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=' };
    const app = spawnServer(environment, { cleanups, command: ['npm', 'start', '--silent'], ownGroup: true });
    const origin = await app.origin;
    expect(origin).not.toBeNull();
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    process.kill(-app.child.pid!, 'SIGINT'); // the whole process group, as Ctrl-C does
    await app.exitCode;
    expect(
      logLines(app)
        .map((line) => line.msg)
        .slice(-2),
    ).toEqual(['shutting down: finishing in-flight requests', 'stopped']);
    await expect(fetch(`${origin}/health`)).rejects.toThrow();
  });

  it.runIf(oldNode)('stops with one line saying what to install, on a Node that engines leaves out', async () => {
    const environment = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };
    const failed = await run('npm', ['start', '--silent'], { env: environment }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stderr: `This service needs Node.js 22 (22.22.2 or later), 24 (24.15.0 or later) or 26.0.0 and newer (24 LTS recommended, see .nvmrc), not v${oldNode}: install it (for example \`nvm install\`) and run this again.\n`,
    });
  });
});
