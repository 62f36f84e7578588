import { ValidationError } from './validation-error.ts';

export interface Cursor<Position> {
  encode(position: Position): string;
  /** The position in a cursor of this list, undefined for none; any other text is a ValidationError. */
  decode(cursor: string | null | undefined, argument: string): Position | undefined;
}

/**
 * Opaque cursors, one codec for every list: base64url of [tag, ...a position's values]. The tag
 * (the list, or its order) refuses another list's cursor rather than misreading it. `read` checks
 * the values as strictly as the database would, undefined for a stranger: a malformed cursor is a
 * client's mistake, not a 500. `list` names the list in the refusal ("the audit trail").
 */
export function cursor<Position>(
  tag: string,
  list: string,
  form: { write(position: Position): unknown[]; read(values: unknown[]): Position | undefined },
): Cursor<Position> {
  return {
    encode: (position) => Buffer.from(JSON.stringify([tag, ...form.write(position)])).toString('base64url'),
    decode(text, argument) {
      if (text === null || text === undefined) return undefined;
      try {
        const content: unknown = JSON.parse(Buffer.from(text, 'base64url').toString());
        const position = Array.isArray(content) && content[0] === tag ? form.read(content.slice(1)) : undefined;
        if (position !== undefined) return position;
      } catch {
        // Not base64url JSON: refused below, like any other stranger.
      }
      throw new ValidationError([{ path: [argument], message: `Not a cursor of ${list}`, code: 'INVALID_CURSOR' }]);
    },
  };
}

/**
 * Cursors on a list ordered by an outbox position: a position fits any filter, since one order
 * serves all. A position is a whole number, never a fraction or beyond 2^53.
 */
export function positionCursor(tag: string, list: string): Cursor<number> {
  return cursor<number>(tag, list, {
    write: (position) => [position],
    read: ([position, ...rest]) =>
      rest.length === 0 && typeof position === 'number' && Number.isSafeInteger(position) && position >= 0 ? position : undefined,
  });
}
