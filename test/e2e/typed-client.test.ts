import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MeDocument, SignInDocument } from '../../examples/client/generated/graphql.ts';
import { request } from '../../examples/client/request.ts';
import { createSession } from '../../examples/client/session.ts';
import { sqliteBackend } from '../support/databases.ts';
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

/** What a run that succeeds prints: one line per step, `refreshes` (the session's) before `me`. */
function wholeRun(email: string, minutes: number, refreshes: string[] = []) {
  const lines = [
    `createUser → User ${email} active=false`,
    `activate → User ${email} active=true`,
    `signIn → SignInPayload for ${email}, access token expires within ${minutes} min`,
    ...refreshes,
    `me → Ada Lovelace <${email}> active=true`,
    `deactivate → User ${email} active=false`,
  ];
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

describe('the typed client example (examples/client), against a real server', () => {
  // Access tokens live an hour: the example prints `expires within 60 min` and never refreshes.
  const suite = serverForSuite(sqliteBackend.create, { ACCESS_TOKEN_TTL_SECONDS: '3600' });
  const email = 'typed.client@example.com';

  it('runs the whole lifecycle, one line per step, and leaves the user inactive', async () => {
    expect(await lifecycle(`${suite.server.origin}/graphql`, email)).toEqual(wholeRun(email, 60));
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

describe('the example session (examples/client/session.ts), against a real server', () => {
  // 30 s is inside the session's one-minute margin: each access token is due for refresh once issued.
  const suite = serverForSuite(sqliteBackend.create, { ACCESS_TOKEN_TTL_SECONDS: '30' });

  it('refreshes an access token due to expire before `me`, and `me` answers', async () => {
    const email = 'session.client@example.com';
    expect(await lifecycle(`${suite.server.origin}/graphql`, email)).toEqual(wholeRun(email, 1, ['refreshSession → SignInPayload']));
  });

  it('on `me: null` refreshes once; a session that has ended makes it sign in again', async () => {
    const url = `${suite.server.origin}/graphql`;
    const input = { email: 'ended@example.com', password: 'correct horse' };
    await suite.server.graphql(CREATE_USER, { input: { ...input, name: 'Ada', surname: 'Lovelace' } });
    await suite.server.graphql('mutation ($input: UserCredentialsInput!) { activate(input: $input) { __typename } }', { input });
    const signIn = async () => {
      const { signIn } = await request(url, SignInDocument, { input });
      if (signIn.__typename !== 'SignInPayload') throw new Error(signIn.__typename);
      return signIn;
    };
    const ended = await signIn();
    const signOut = await suite.server.graphql('mutation { signOut { __typename } }', {}, { authorization: `Bearer ${ended.accessToken}` });
    expect(signOut.body).toEqual({ data: { signOut: { __typename: 'SignOutPayload' } } });

    const answers: string[] = [];
    let signIns = 0;
    const session = createSession({
      url,
      // Its access token looks fresh for an hour, so only `me: null` can make the session refresh.
      tokens: { ...ended, accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      signInAgain: () => {
        signIns += 1;
        return signIn();
      },
      onRefresh: (answer) => answers.push(answer.__typename),
    });
    const { me } = await session.request(MeDocument, {}, (data) => data.me === null);
    expect({ me, answers, signIns }).toEqual({
      me: { name: 'Ada', surname: 'Lovelace', email: input.email, active: true },
      answers: ['InvalidRefreshTokenError'],
      signIns: 1,
    });
    // The new sign-in's access token (30 s) is inside the margin: its next use refreshes it first.
    const again = await request(url, MeDocument, {}, await session.accessToken());
    expect({ answers, me: again.me?.email }).toEqual({ answers: ['InvalidRefreshTokenError', 'SignInPayload'], me: input.email });
  });
});
