import { ValidationError } from './validation-error.ts';

export interface PositionCursor {
  encode(position: number): string;
  /** The position in a cursor of this list, undefined for none; any other text is a ValidationError. */
  decode(cursor: string | null | undefined, argument: string): number | undefined;
}

/**
 * Opaque cursors on a list ordered by an outbox position: base64url of [tag, position]. The tag
 * refuses another list's cursor rather than misreading it; a position fits any filter, since one
 * order serves all. `list` names the list in the refusal ("the audit trail").
 */
export function positionCursor(tag: string, list: string): PositionCursor {
  return {
    encode: (position) => Buffer.from(JSON.stringify([tag, position])).toString('base64url'),
    decode(cursor, argument) {
      if (cursor === null || cursor === undefined) return undefined;
      try {
        const content: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
        const [cursorTag, position] = Array.isArray(content) && content.length === 2 ? content : [];
        // Checked as strictly as the database would: a position is a whole number, never a fraction or beyond 2^53.
        if (cursorTag === tag && Number.isSafeInteger(position) && position >= 0) return position as number;
      } catch {
        // Not base64url JSON: refused below, like any other stranger.
      }
      throw new ValidationError([{ path: [argument], message: `Not a cursor of ${list}`, code: 'INVALID_CURSOR' }]);
    },
  };
}
