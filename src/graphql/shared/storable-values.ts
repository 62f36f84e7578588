/**
 * What a client's text or time must be to reach a statement as it is. MikroORM inlines values into
 * the SQL text, where a NUL fails the statement (SQLite: SQLITE_ERROR; PostgreSQL: 08P01, a
 * connection-class code) and so does a year PostgreSQL's timestamptz lacks (0000: 22008). Every
 * input and cursor that reaches a query is held to these at the edge: a client's mistake is
 * answered as one, never as an unexpected error.
 */
import { withoutControlCharacters } from '../../domain/text-rules.ts';

/** No name, email or reason holds a control character (a NUL, a newline…): refused in them all. */
export const withoutControlCharacter = withoutControlCharacters.holds;

/** Years 0001-9999: PostgreSQL has no year 0000, and DateTime and a cursor's ISO text stop at 9999. */
export function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
}
