import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = 'src/graphql/print-schema.ts';

describe('schema:check', () => {
  it('passes on the committed schema.graphql', async () => {
    await expect(run(process.execPath, [script, '--check'])).resolves.toMatchObject({ stderr: '' });
  });

  it('fails on a stale copy, and schema:print brings it up to date', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'schema-')), 'schema.graphql');
    writeFileSync(stale, readFileSync('schema.graphql', 'utf8').replace('me: User', 'me: User!'));
    await expect(run(process.execPath, [script, '--check', stale])).rejects.toMatchObject({
      code: 1,
      stderr: `${stale} is stale: run \`npm run schema:print\` and commit the result.\n`,
    });
    await run(process.execPath, [script, stale]);
    expect(readFileSync(stale, 'utf8')).toBe(readFileSync('schema.graphql', 'utf8'));
  });
});
