import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { CREATE_USER, SIGN_IN } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite } from '../support/server.ts';

const run = promisify(execFile);

/** `node examples/client/lifecycle.ts <url> <email>`, as a frontend engineer runs the example. */
async function lifecycle(url: string, email: string) {
  return run(process.execPath, ['examples/client/lifecycle.ts', url, email], { timeout: patienceMs }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the typed client example (examples/client), against a real server', () => {
  // Tokens live an hour: the example prints `expires in 60 min`.
  const suite = serverForSuite(databaseBackends[0]!.create, { JWT_TTL_SECONDS: '3600' });
  const email = 'typed.client@example.com';

  it('runs the whole lifecycle, one line per step, and leaves the user inactive', async () => {
    expect(await lifecycle(`${suite.server.origin}/graphql`, email)).toEqual({
      code: 0,
      stdout: [
        `createUser → User ${email} active=false`,
        `activate → User ${email} active=true`,
        `signIn → SignInPayload for ${email}, expires in 60 min`,
        `me → Ada Lovelace <${email}> active=true`,
        `deactivate → User ${email} active=false`,
        '',
      ].join('\n'),
      stderr: '',
    });
    const signIn = await suite.server.graphql(SIGN_IN, { input: { email, password: 'correct horse' } });
    expect(signIn.body.data.signIn).toEqual({ __typename: 'UserInactiveError', message: 'The user must be activated first' });
  });

  it('stops at the first step that answers another member of its union, saying which, with exit code 1', async () => {
    const taken = 'taken@example.com';
    await suite.server.graphql(CREATE_USER, { input: { email: taken, password: 'correct horse', name: 'Ada', surname: 'Lovelace' } });
    expect(await lifecycle(`${suite.server.origin}/graphql`, taken)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'createUser answered EmailTakenError: A user with this email already exists\n',
    });
    expect(await lifecycle(`${suite.server.origin}/graphql`, 'not an email')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^createUser answered ValidationError: .* \(input\.email: INVALID_EMAIL\)\n$/),
    });
  });
});
