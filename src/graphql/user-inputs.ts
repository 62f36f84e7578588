import { z } from 'zod';
import { builder } from './builder.ts';
import { isCommonPassword } from './common-passwords.ts';

// MikroORM inlines values into SQL text, where a NUL byte is a driver error: refuse control characters.
const withoutControlCharacters = /^[^\p{Cc}]*$/u;
// Lengths count characters (code points), not UTF-16 units: an emoji is one character.
const codePoints = (value: string) => [...value].length;

const email = z.string().trim().max(254, 'Must be at most 254 characters').pipe(z.email('Must be a valid email address'));

const personName = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(100, 'Must be at most 100 characters')
  .regex(withoutControlCharacters, 'Must not contain control characters');

const atMost128 = (value: string) => codePoints(value) <= 128;
// OWASP ASVS: length and a breached-password list, no composition rules; any Unicode is welcome.
const newPassword = z
  .string()
  .refine((value) => codePoints(value) >= 8, 'Must be at least 8 characters')
  .refine(atMost128, 'Must be at most 128 characters')
  .refine((value) => !isCommonPassword(value), 'This password is too common: choose one that is harder to guess');
// Only a presence check: passwords set under an older policy must still work.
const passwordToCheck = z.string().min(1, 'Must not be empty').refine(atMost128, 'Must be at most 128 characters');

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
