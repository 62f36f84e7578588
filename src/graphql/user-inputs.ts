import { z } from 'zod';
import { builder } from './builder.ts';
import { isCommonPassword } from './common-passwords.ts';

// MikroORM inlines values into SQL text, where a NUL byte is a driver error: refuse control characters.
export const withoutControlCharacters = /^[^\p{Cc}]*$/u;
// Embedding, override and isolate controls reorder what an admin or another user reads ("John\u202Eexe.doc").
const withoutBidiControls = /^[^\u202a-\u202e\u2066-\u2069]*$/;
// Letters and digits, but for the Hangul fillers: letters by category, blank on screen.
const visibleLetterOrDigit = /(?![\u115f\u1160\u3164\uffa0])[\p{L}\p{N}]/u;
// Lengths count characters (code points), not UTF-16 units: an emoji is one character.
const codePoints = (value: string) => [...value].length;

/**
 * Every text input, first: a lone surrogate cannot be stored or hashed as sent (it becomes U+FFFD,
 * so "\ud800…" and "\ufffd…" would be one password).
 */
export const text = () => z.string().refine((value) => value.isWellFormed(), 'Must be well-formed Unicode (no lone surrogates)');

export const email = text().trim().max(254, 'Must be at most 254 characters').pipe(z.email('Must be a valid email address'));

export const personName = text()
  .trim()
  .min(1, 'Must not be empty')
  .max(100, 'Must be at most 100 characters')
  .regex(withoutControlCharacters, 'Must not contain control characters')
  .regex(withoutBidiControls, 'Must not contain bidirectional control characters')
  .regex(visibleLetterOrDigit, 'Must contain a visible letter or digit');

const atMost128 = (value: string) => codePoints(value) <= 128;
// OWASP ASVS: length and a breached-password list, no composition rules; any Unicode is welcome.
export const newPassword = text()
  .refine((value) => codePoints(value) >= 8, 'Must be at least 8 characters')
  .refine(atMost128, 'Must be at most 128 characters')
  .refine((value) => !isCommonPassword(value), 'This password is too common: choose one that is harder to guess');
// Only a presence check: passwords set under an older policy must still work.
export const passwordToCheck = text().min(1, 'Must not be empty').refine(atMost128, 'Must be at most 128 characters');

export const UserCredentialsInput = builder.inputType('UserCredentialsInput', {
  fields: (t) => ({
    email: t.string({ validate: { schema: email } }),
    password: t.string({ validate: { schema: passwordToCheck } }),
  }),
});

export const UserDetailsInput = builder.inputType('UserDetailsInput', {
  fields: (t) => ({
    email: t.string({ validate: { schema: email } }),
    password: t.string({ validate: { schema: newPassword } }),
    name: t.string({ validate: { schema: personName } }),
    surname: t.string({ validate: { schema: personName } }),
  }),
});
