import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { CREATE_USER, SIGN_IN } from '../support/operations.ts';
import { serverForSuite } from '../support/test-server.ts';

const valid = { email: 'valid@doe.com', password: 'correct horse', name: 'John', surname: 'Doe' };
const invalid = (path: string, message: string) => ({
  __typename: 'ValidationError',
  message: 'The input is invalid',
  fieldErrors: [{ path: ['input', path], message }],
});

const createUserCases: [string, object, object][] = [
  ['an address that is not an email', { email: 'john.doe' }, invalid('email', 'Must be a valid email address')],
  ['an email over 254 characters', { email: `${'a'.repeat(245)}@doe.com.x` }, invalid('email', 'Must be at most 254 characters')],
  ['a blank name', { name: '   ' }, invalid('name', 'Must not be empty')],
  ['a name over 100 characters', { name: 'n'.repeat(101) }, invalid('name', 'Must be at most 100 characters')],
  ['a NUL byte in the surname', { surname: 'Do\u0000e' }, invalid('surname', 'Must not contain control characters')],
  ['a newline in the name', { name: 'Jo\nhn' }, invalid('name', 'Must not contain control characters')],
  ['a 7-character password', { password: 'seven77' }, invalid('password', 'Must be at least 8 characters')],
  ['a password of 4 emoji (8 UTF-16 units)', { password: '🔑🔑🔑🔑' }, invalid('password', 'Must be at least 8 characters')],
  ['a 129-character password', { password: 'p'.repeat(129) }, invalid('password', 'Must be at most 128 characters')],
];

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`input validation on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);

    const createUser = async (input: object) => {
      const response = await suite.server.graphql(CREATE_USER, { input: { ...valid, ...input } });
      expect(response.status).toBe(200);
      return response.body.data.createUser;
    };

    it.each(createUserCases)('refuses %s with a ValidationError and creates nothing', async (_, input, expected) => {
      expect(await createUser(input)).toEqual(expected);
      // Had the resolver run (and hashed), this address would now be taken.
      expect((await createUser({ email: `${crypto.randomUUID()}@doe.com` })).__typename).toBe('User');
    });

    it('lists one error per invalid field, the first problem of each', async () => {
      expect(await createUser({ email: 'x', password: '', name: '', surname: '\u0007' })).toEqual({
        __typename: 'ValidationError',
        message: 'The input is invalid',
        fieldErrors: [
          { path: ['input', 'email'], message: 'Must be a valid email address' },
          { path: ['input', 'password'], message: 'Must be at least 8 characters' },
          { path: ['input', 'name'], message: 'Must not be empty' },
          { path: ['input', 'surname'], message: 'Must not contain control characters' },
        ],
      });
    });

    it('stores names trimmed, accepts 128-character and Unicode passwords', async () => {
      const password = `${'é'.repeat(120)}🔑🔑🔑🔑🔑🔑🔑🔑`;
      const user = await createUser({ email: 'unicode@doe.com', name: '  Zoë ', surname: ' 山田 ', password });
      expect(user).toMatchObject({ __typename: 'User', name: 'Zoë', surname: '山田' });
      const signIn = await suite.server.graphql(SIGN_IN, { input: { email: 'unicode@doe.com', password } });
      expect(signIn.body.data.signIn.__typename).toBe('UserInactiveError');
    });

    it('checks only presence and length of the password on signIn', async () => {
      const signIn = async (input: object) => (await suite.server.graphql(SIGN_IN, { input })).body.data.signIn;
      expect(await signIn({ email: 'valid@doe.com', password: '' })).toEqual(invalid('password', 'Must not be empty'));
      expect(await signIn({ email: 'valid@doe.com', password: 'p'.repeat(129) })).toEqual(
        invalid('password', 'Must be at most 128 characters'),
      );
      expect(await signIn({ email: 'nobody@doe.com', password: 'short' })).toEqual({
        __typename: 'UserNotFoundError',
        message: 'No user has this email',
      });
    });
  });
}
