import type { UserOrder, UserPosition } from '../../application/admin/user-list-query.ts';
import { isStorableInstant, withoutControlCharacter } from '../shared/storable-values.ts';
import { ValidationError } from '../shared/validation-error.ts';

/**
 * Cursors are opaque to clients: base64url of [order, order key, id]. Carrying the order lets a
 * cursor from a list in another order be refused rather than misread.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(order: UserOrder, position: UserPosition): string {
  const key = position.key instanceof Date ? position.key.toISOString() : position.key;
  return Buffer.from(JSON.stringify([order, key, position.id])).toString('base64url');
}

export function decodeCursor(order: UserOrder, cursor: string | null | undefined, argument: string): UserPosition | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const [cursorOrder, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    // Checked as strictly as the database would: a malformed id, email or date is a client's mistake, not a 500.
    if (cursorOrder === order && typeof key === 'string' && typeof id === 'string' && uuid.test(id)) {
      const orderKey = storableKey(order, key);
      if (orderKey !== undefined) return { key: orderKey, id };
    }
  } catch {
    // Not base64url JSON: refused below, like any other stranger.
  }
  throw new ValidationError([{ path: [argument], message: 'Not a cursor of this list in this order', code: 'INVALID_CURSOR' }]);
}

/** The order key as the database compares it: an email, or an instant in the years every backend stores. */
function storableKey(order: UserOrder, key: string): UserPosition['key'] | undefined {
  if (order === 'EMAIL_ASC') return key.isWellFormed() && withoutControlCharacter(key) ? key : undefined;
  // In range first: `toISOString` throws on an invalid date, and writes a year past 9999 as +YYYYYY.
  const date = new Date(key);
  return isStorableInstant(date) && date.toISOString() === key ? date : undefined;
}
