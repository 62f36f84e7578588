/**
 * Every way an input can fail, as a stable code a client can localise by (the messages are
 * English and may be reworded). Each is described here once: the FieldErrorCode enum reads it.
 */
export const fieldErrorCodes = {
  NOT_WELL_FORMED: 'A text holds a lone surrogate: not well-formed Unicode.',
  EMPTY: 'A text is empty, or blank once trimmed.',
  TOO_SHORT: 'A password has fewer characters than the minimum the message names.',
  TOO_LONG: 'A text has more characters than the maximum the message names.',
  INVALID_EMAIL: 'The email is not a valid address.',
  COMMON_PASSWORD: 'The new password is on the list of common, breached passwords.',
  CONTROL_CHARACTERS: 'A name, surname, suspension reason or email prefix to filter by holds a control character (a newline, a NUL…).',
  BIDI_CONTROLS: 'A name or surname holds a bidirectional control character, which reorders what others read.',
  INVISIBLE: 'A name or surname has no visible letter or digit.',
  NOT_IN_FUTURE: 'The end of a suspension is not in the future.',
  OUT_OF_RANGE: 'A page size (`first` or `last`) is outside 1 to 100, or a time to filter by is before the year 0001.',
  INVALID_CURSOR: 'An `after` or `before` is not a cursor of this list in this order.',
  INVALID_ID: 'An id to filter by is not a UUID (every id this service hands out is one).',
  CONFLICTING_ARGUMENTS: 'Arguments that exclude each other were given together (`first` and `last`).',
} as const;

export type FieldErrorCode = keyof typeof fieldErrorCodes;

/** A zod refinement's params: the message people read, and the code ValidationError.fromZod reports. */
export const failure = (code: FieldErrorCode, message: string) => ({ message, params: { code } });
