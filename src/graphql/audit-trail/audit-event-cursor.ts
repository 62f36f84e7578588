import { ValidationError } from '../validation-error.ts';

/**
 * Audit cursors are opaque to clients: base64url of ["audit", position]. The tag refuses a user
 * list's cursor rather than misreading it; a position fits any filter, since one order serves all.
 */
const tag = 'audit';

export function encodeAuditCursor(position: number): string {
  return Buffer.from(JSON.stringify([tag, position])).toString('base64url');
}

export function decodeAuditCursor(cursor: string | null | undefined, argument: string): number | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const content: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const [cursorTag, position] = Array.isArray(content) && content.length === 2 ? content : [];
    // Checked as strictly as the database would: a position is a whole number, never a fraction or beyond 2^53.
    if (cursorTag === tag && Number.isSafeInteger(position) && position >= 0) return position as number;
  } catch {
    // Not base64url JSON: refused below, like any other stranger.
  }
  throw new ValidationError([{ path: [argument], message: 'Not a cursor of the audit trail', code: 'INVALID_CURSOR' }]);
}
