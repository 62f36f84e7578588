import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';

const cleanups = cleanupsAfterEach();
const secret = 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=';

/** The server's output as seen on a terminal: `script` gives it a pseudo-terminal for stdout. */
async function onTerminal(environment: Record<string, string>): Promise<string[]> {
  const database = await sqliteBackend.create();
  cleanups.push(() => database.drop());
  const child = spawn('script', ['-qec', `'${process.execPath}' src/main.ts`, '/dev/null'], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET: secret,
      AUDIT_HASH_KEY: 'Wd6Yh1Nq8Tc3Vb5Xm0Ks7Lp2Rf9Gz4Ja6Ue1Io3Hc8=',
      REFRESH_TOKEN_KEY: 'Hn2Vc7Xq4Zt9Bm1Kw6Rd3Ls8Fp5Gy0Ja4Ue7Io2Tc9=',
      ...environment,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  await expect.poll(() => output, { timeout: patienceMs }).toMatch(/on http:\/\/127\.0\.0\.1:\d+\/graphql/);
  child.kill('SIGTERM'); // `script` hangs up the terminal: the server stops with it
  await exited;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what is removed
  const colours = /\u001b\[\d+m/g;
  return output.replace(colours, '').split(/\r?\n/).filter(Boolean);
}

describe('log format', () => {
  it('is pretty on a terminal in development', async () => {
    const lines = await onTerminal({});
    const started = /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GraphQL API and GraphiQL on http:\/\/127\.0\.0\.1:\d+\/graphql$/;
    expect(lines.filter((line) => started.test(line))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
  });

  it('stays JSON lines on a terminal in production', async () => {
    const lines = await onTerminal({ NODE_ENV: 'production' });
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(JSON.parse(line)).toEqual(expect.objectContaining({ level: expect.any(Number) }));
    expect(JSON.parse(lines.at(-1)!).msg).toMatch(/^GraphQL API on http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });
});
