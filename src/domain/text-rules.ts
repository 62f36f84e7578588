import { InvalidValueError, type ValueRuleCode } from './errors.ts';

/** One rule a text keeps, and the refusal that names it when broken. */
export interface TextRule {
  holds: (text: string) => boolean;
  code: ValueRuleCode;
  /** For people, in English: the edge answers it as the field error's message. */
  message: string;
}

// Lengths count characters (code points), not UTF-16 units: an emoji is one character.
const codePoints = (text: string) => [...text].length;
const controlCharacter = /\p{Cc}/u;

export const notEmpty: TextRule = { holds: (text) => text.length > 0, code: 'EMPTY', message: 'Must not be empty' };

export const atLeast = (min: number): TextRule => ({
  holds: (text) => codePoints(text) >= min,
  code: 'TOO_SHORT',
  message: `Must be at least ${min} characters`,
});

export const atMost = (max: number): TextRule => ({
  holds: (text) => codePoints(text) <= max,
  code: 'TOO_LONG',
  message: `Must be at most ${max} characters`,
});

/** A newline, a NUL…: nothing a person's name or an address holds, and nothing a SQL statement takes as sent. */
export const withoutControlCharacters: TextRule = {
  holds: (text) => !controlCharacter.test(text),
  code: 'CONTROL_CHARACTERS',
  message: 'Must not contain control characters',
};

/** The text, when it keeps every rule; otherwise the refusal of the first rule it breaks, in the order given. */
export function enforce(text: string, rules: readonly TextRule[]): string {
  const broken = rules.find((rule) => !rule.holds(text));
  if (broken) throw new InvalidValueError(broken.code, broken.message);
  return text;
}
