import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

/** What sh runs and cmd.exe does not, each with what it looks like in a script. */
const shellOnly: Record<string, RegExp> = {
  'a launcher (`sh file`, `bash file`)': /(^|[\s&|])(sh|bash) /,
  '`exec`': /(^|[\s&|])exec /,
  'a variable set in front (`NAME=value command`)': /(^|[\s&|])[A-Za-z_][A-Za-z0-9_]*=\S/,
  'an expansion (`$NAME`, `${…}`, `$(…)`, backquotes)': /\$[A-Za-z_{(]|`/,
  'single quotes (cmd passes them on as part of the argument)': /'/,
  '`;` between commands (cmd: `&&`)': /;/,
  '`/dev/null`': /\/dev\/null/,
};

/** The scripts the README tells a user to run: each says what to install on a Node too old. */
const userScripts = ['start', 'dev', 'test', 'migrate', 'seed', 'admin:grant', 'bench'];

describe('package.json scripts', () => {
  // npm runs scripts through sh on Unix and cmd.exe on Windows: a script that needs a POSIX shell
  // breaks on Windows, and a launcher or `exec` makes `npm start` run something other than
  // `node src/main.ts`.
  it.each(Object.entries(shellOnly))('use no %s', (_, pattern) => {
    expect(Object.entries(scripts).filter(([, script]) => pattern.test(script))).toEqual([]);
  });

  it.each(userScripts)('%s checks the Node version before anything else', (name) => {
    expect(scripts[name]).toMatch(/^node src\/cli\/require-node\.cjs && \S/);
  });

  // require-node.cjs reads engines.node and throws on a range it cannot check.
  it("let this Node through the version check, which reads package.json's engines", async () => {
    await expect(promisify(execFile)(process.execPath, ['src/cli/require-node.cjs'])).resolves.toEqual({ stdout: '', stderr: '' });
  });
});
