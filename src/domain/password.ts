/**
 * The form a password is hashed and checked in: NFKC, so the same password typed on another
 * keyboard or input method (full-width letters, composed or decomposed accents) still matches.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}
