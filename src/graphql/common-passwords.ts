import { dictionary } from '@zxcvbn-ts/language-common';
import { normalisePassword } from '../domain/password.ts';

/** zxcvbn-ts' list of ~49k common and breached passwords, shipped in the package: no network. */
const common = new Set(dictionary['passwords-common'] as string[]);

export function isCommonPassword(password: string): boolean {
  return common.has(normalisePassword(password).toLowerCase());
}
