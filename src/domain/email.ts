import { atMost, enforce, type TextRule } from './text-rules.ts';

/**
 * What an address looks like: zod 4's `z.email()` pattern, the edge's definition before this rule
 * moved into the domain (the fuzz test still compares the two). ASCII only, so lower-casing a
 * valid address keeps its length.
 */
const address = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

// The length first: a long text is not worth the pattern.
const rules: readonly TextRule[] = [
  atMost(254),
  { holds: (text) => address.test(text), code: 'INVALID_EMAIL', message: 'Must be a valid email address' },
];

/** One account per address, whatever its case or surrounding spaces: `John@Doe.com ` is `john@doe.com`. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * An address as a user keeps it: checked trimmed (at most 254 characters, of an address's shape),
 * then normalised. Throws InvalidValueError naming the first rule broken.
 */
export function parseEmail(text: string): string {
  return normaliseEmail(enforce(text.trim(), rules));
}
