import { dictionary } from '@zxcvbn-ts/language-common';
import { atLeast, atMost, enforce, type TextRule } from './text-rules.ts';

/** zxcvbn-ts' list of ~49k common and breached passwords, shipped in the package: no network. */
const common = new Set(dictionary['passwords-common'] as string[]);

/**
 * The form a password is hashed and checked in: NFKC, so the same password typed on another
 * keyboard or input method (full-width letters, composed or decomposed accents) still matches.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export function isCommonPassword(password: string): boolean {
  return common.has(normalisePassword(password).toLowerCase());
}

// OWASP ASVS: length and a breached-password list, no composition rules; any Unicode is welcome.
const rules: readonly TextRule[] = [
  atLeast(8),
  atMost(128),
  {
    holds: (password) => !isCommonPassword(password),
    code: 'COMMON_PASSWORD',
    message: 'This password is too common: choose one that is harder to guess',
  },
];

/**
 * A new password the policy takes, in the form to hash; throws InvalidValueError naming the first
 * rule it breaks. Lengths count the password as typed. Only new passwords: one set under an older
 * policy still signs in.
 */
export function acceptedPassword(password: string): string {
  return normalisePassword(enforce(password, rules));
}
