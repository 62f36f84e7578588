import { z } from 'zod';
import { builder } from './builder.ts';
import { isCommonPassword } from './common-passwords.ts';
import { failure } from './field-error-codes.ts';
import { withoutControlCharacter } from './storable-values.ts';

// Embedding, override and isolate controls reorder what an admin or another user reads ("John\u202Eexe.doc").
const bidiControl = /[\u202a-\u202e\u2066-\u2069]/;
// Letters and digits, but for the Hangul fillers: letters by category, blank on screen.
const visibleLetterOrDigit = /(?![\u115f\u1160\u3164\uffa0])[\p{L}\p{N}]/u;
// Lengths count characters (code points), not UTF-16 units: an emoji is one character.
const codePoints = (value: string) => [...value].length;

// Each rule as zod's `.refine(...rule)` takes it, its code beside its message.
export const notEmpty = [(value: string) => value.length > 0, failure('EMPTY', 'Must not be empty')] as const;
export const atMost = (max: number) =>
  [(value: string) => codePoints(value) <= max, failure('TOO_LONG', `Must be at most ${max} characters`)] as const;
export const withoutControlCharacters = [
  withoutControlCharacter,
  failure('CONTROL_CHARACTERS', 'Must not contain control characters'),
] as const;

/**
 * Every text input, first: a lone surrogate cannot be stored or hashed as sent (it becomes U+FFFD,
 * so "\ud800…" and "\ufffd…" would be one password).
 */
export const text = () =>
  z.string().refine((value) => value.isWellFormed(), failure('NOT_WELL_FORMED', 'Must be well-formed Unicode (no lone surrogates)'));

const validEmail = z.email();
// After the length check, as a pipe would: a 10k-character text is not worth zod's email pattern.
export const email = text()
  .trim()
  .refine(...atMost(254))
  .refine((value) => validEmail.safeParse(value).success, {
    ...failure('INVALID_EMAIL', 'Must be a valid email address'),
    when: (payload) => payload.issues.length === 0,
  });

export const personName = text()
  .trim()
  .refine(...notEmpty)
  .refine(...atMost(100))
  .refine(...withoutControlCharacters)
  .refine((value) => !bidiControl.test(value), failure('BIDI_CONTROLS', 'Must not contain bidirectional control characters'))
  .refine((value) => visibleLetterOrDigit.test(value), failure('INVISIBLE', 'Must contain a visible letter or digit'));

// OWASP ASVS: length and a breached-password list, no composition rules; any Unicode is welcome.
export const newPassword = text()
  .refine((value) => codePoints(value) >= 8, failure('TOO_SHORT', 'Must be at least 8 characters'))
  .refine(...atMost(128))
  .refine(
    (value) => !isCommonPassword(value),
    failure('COMMON_PASSWORD', 'This password is too common: choose one that is harder to guess'),
  );
// Only a presence check: passwords set under an older policy must still work.
export const passwordToCheck = text()
  .refine(...notEmpty)
  .refine(...atMost(128));

export const UserCredentialsInput = builder.inputType('UserCredentialsInput', {
  description: 'An email and its password, to prove who you are.',
  fields: (t) => ({
    email: t.string({ description: 'Any case, spaces around allowed: compared trimmed and lower-cased.', validate: { schema: email } }),
    password: t.string({
      description: 'The password as set: only its presence and at most 128 characters are checked here.',
      validate: { schema: passwordToCheck },
    }),
  }),
});

export const UserDetailsInput = builder.inputType('UserDetailsInput', {
  description: 'A new account.',
  fields: (t) => ({
    email: t.string({
      description: 'A valid address of at most 254 characters; stored trimmed and lower-cased.',
      validate: { schema: email },
    }),
    password: t.string({ description: '8 to 128 characters, any Unicode, not a common password.', validate: { schema: newPassword } }),
    name: t.string({
      description: '1 to 100 characters once trimmed, with no control characters and a visible letter or digit among them.',
      validate: { schema: personName },
    }),
    surname: t.string({ description: 'Like `name`.', validate: { schema: personName } }),
  }),
});
