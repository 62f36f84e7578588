import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { CREATE_USER, SIGN_IN } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

const run = promisify(execFile);

/** `npm run admin:grant -- <email>` as an operator types it, on the server's database. */
async function grant(databaseUrl: string, ...args: string[]) {
  const environment = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  return run('npm', ['run', '--silent', 'admin:grant', '--', ...args], { env: environment }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`npm run admin:grant, on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);

    it('makes an existing user, even an inactive one, an active ADMIN', async () => {
      const input = { email: 'first.admin@doe.com', password: 'correct horse', name: 'First', surname: 'Admin' };
      await suite.server.graphql(CREATE_USER, { input });
      expect(await grant(suite.database.url, ' First.Admin@doe.com')).toEqual({
        code: 0,
        stdout: 'first.admin@doe.com is now an active ADMIN.\n',
        stderr: '',
      });
      const signedIn = await suite.server.graphql(SIGN_IN, { input: { email: input.email, password: input.password } });
      expect(signedIn.body.data.signIn.user).toMatchObject({ active: true });
      const token = signedIn.body.data.signIn.token as string;
      const me = await suite.server.graphql('{ me { role } }', {}, { authorization: `Bearer ${token}` });
      expect(me.body.data.me).toEqual({ role: 'ADMIN' });
    });

    it('says so, and exits 1, when there is no such user; shows its usage without an email', async () => {
      expect(await grant(suite.database.url, 'nobody@doe.com')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'No user has the email nobody@doe.com: sign up first (createUser), then run this again.\n',
      });
      expect(await grant(suite.database.url)).toEqual({
        code: 2,
        stdout: '',
        stderr: 'Usage: npm run admin:grant -- <email of an existing user>\n',
      });
    });
  });
}
