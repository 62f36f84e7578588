import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import * as operations from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

// The shared documents, selecting each field error's code too.
const withCode = (document: string) => document.replace('fieldErrors { path message }', 'fieldErrors { path message code }');
const CREATE_USER = withCode(operations.CREATE_USER);
const SIGN_IN = withCode(operations.SIGN_IN);

const valid = { email: 'valid@doe.com', password: 'correct horse', name: 'John', surname: 'Doe' };
const invalid = (path: string, message: string, code: string) => ({
  __typename: 'ValidationError',
  message: 'The input is invalid',
  fieldErrors: [{ path: ['input', path], message, code }],
});

const notWellFormed = ['Must be well-formed Unicode (no lone surrogates)', 'NOT_WELL_FORMED'] as const;
const invisible = ['Must contain a visible letter or digit', 'INVISIBLE'] as const;
const bidi = ['Must not contain bidirectional control characters', 'BIDI_CONTROLS'] as const;
const controlCharacters = ['Must not contain control characters', 'CONTROL_CHARACTERS'] as const;
const tooShort = ['Must be at least 8 characters', 'TOO_SHORT'] as const;

const createUserCases: [string, object, object][] = [
  ['an address that is not an email', { email: 'john.doe' }, invalid('email', 'Must be a valid email address', 'INVALID_EMAIL')],
  [
    'an email over 254 characters',
    { email: `${'a'.repeat(245)}@doe.com.x` },
    invalid('email', 'Must be at most 254 characters', 'TOO_LONG'),
  ],
  ['a blank name', { name: '   ' }, invalid('name', 'Must not be empty', 'EMPTY')],
  ['a name over 100 characters', { name: 'n'.repeat(101) }, invalid('name', 'Must be at most 100 characters', 'TOO_LONG')],
  ['a NUL byte in the surname', { surname: 'Do\u0000e' }, invalid('surname', ...controlCharacters)],
  ['a newline in the name', { name: 'Jo\nhn' }, invalid('name', ...controlCharacters)],
  ['a 7-character password', { password: 'seven77' }, invalid('password', ...tooShort)],
  ['a password of 4 emoji (8 UTF-16 units)', { password: '🔑🔑🔑🔑' }, invalid('password', ...tooShort)],
  ['a 129-character password', { password: 'p'.repeat(129) }, invalid('password', 'Must be at most 128 characters', 'TOO_LONG')],
  ['a lone high surrogate in the password', { password: '\ud800correct horse' }, invalid('password', ...notWellFormed)],
  ['a lone low surrogate in the name', { name: 'Jo\udfffhn' }, invalid('name', ...notWellFormed)],
  ['a lone surrogate in the email', { email: 'jo\ud800@doe.com' }, invalid('email', ...notWellFormed)],
  ['a name of zero-width spaces', { name: '\u200b\u200b\u200b' }, invalid('name', ...invisible)],
  ['a name of Hangul fillers', { name: '\u3164\u3164' }, invalid('name', ...invisible)],
  ['a surname of combining marks only', { surname: '\u0301\u0301' }, invalid('surname', ...invisible)],
  ['a right-to-left override in the name', { name: 'John\u202egpj.exe' }, invalid('name', ...bidi)],
  ['a first-strong isolate in the surname', { surname: 'Doe\u2068' }, invalid('surname', ...bidi)],
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
          { path: ['input', 'email'], message: 'Must be a valid email address', code: 'INVALID_EMAIL' },
          { path: ['input', 'password'], message: 'Must be at least 8 characters', code: 'TOO_SHORT' },
          { path: ['input', 'name'], message: 'Must not be empty', code: 'EMPTY' },
          { path: ['input', 'surname'], message: 'Must not contain control characters', code: 'CONTROL_CHARACTERS' },
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

    it('keeps apart passwords that differ only in lone surrogates: each is refused, none becomes U+FFFD', async () => {
      const signIn = async (password: string) =>
        (await suite.server.graphql(SIGN_IN, { input: { email: 'valid@doe.com', password } })).body.data.signIn;
      for (const password of ['\ud800abcdefgh', '\udfff'.repeat(8)]) {
        expect(await signIn(password)).toEqual(invalid('password', ...notWellFormed));
      }
      expect((await signIn('\ufffd'.repeat(8))).__typename).toBe('UserNotFoundError');
    });

    it('checks only presence and length of the password on signIn', async () => {
      const signIn = async (input: object) => (await suite.server.graphql(SIGN_IN, { input })).body.data.signIn;
      expect(await signIn({ email: 'valid@doe.com', password: '' })).toEqual(invalid('password', 'Must not be empty', 'EMPTY'));
      expect(await signIn({ email: 'valid@doe.com', password: 'p'.repeat(129) })).toEqual(
        invalid('password', 'Must be at most 128 characters', 'TOO_LONG'),
      );
      expect(await signIn({ email: 'nobody@doe.com', password: 'short' })).toEqual({
        __typename: 'UserNotFoundError',
        message: 'No user has this email',
      });
    });
  });
}
