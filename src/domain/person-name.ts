import { atMost, enforce, notEmpty, type TextRule, withoutControlCharacters } from './text-rules.ts';

// Embedding, override and isolate controls reorder what an admin or another user reads ("John\u202Eexe.doc").
const bidiControl = /[\u202a-\u202e\u2066-\u2069]/;
// Letters and digits, but for the Hangul fillers: letters by category, blank on screen.
const visibleLetterOrDigit = /(?![\u115f\u1160\u3164\uffa0])[\p{L}\p{N}]/u;

const rules: readonly TextRule[] = [
  notEmpty,
  atMost(100),
  withoutControlCharacters,
  { holds: (name) => !bidiControl.test(name), code: 'BIDI_CONTROLS', message: 'Must not contain bidirectional control characters' },
  { holds: (name) => visibleLetterOrDigit.test(name), code: 'INVISIBLE', message: 'Must contain a visible letter or digit' },
];

/**
 * A name or surname as a user keeps it: trimmed, 1 to 100 characters, with no control character
 * and a visible letter or digit among them. Throws InvalidValueError naming the first rule broken.
 */
export function parsePersonName(text: string): string {
  return enforce(text.trim(), rules);
}
