import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

describe('package.json scripts', () => {
  // npm runs scripts through sh on Unix and cmd.exe on Windows: a script that needs a POSIX shell
  // (a launcher, `exec`, `NAME=value command`) breaks on Windows, and makes `npm start` run
  // something other than `node src/main.ts`.
  it('run plain commands: no shell launcher, no exec, no environment set in front', () => {
    const shellOnly = Object.entries(scripts).filter(([, script]) => /(^|[\s&|;])(exec|sh) |(^|\s)[A-Z_]+=/.test(script));
    expect(shellOnly).toEqual([]);
  });
});
