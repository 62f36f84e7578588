import type { UserOrder, UserPosition } from '../../application/admin/user-list-query.ts';
import { isUuid } from '../../domain/uuid.ts';
import { type Cursor, cursor } from '../shared/cursors.ts';
import { isStorableInstant, withoutControlCharacter } from '../shared/storable-values.ts';

/**
 * The cursors of the users list in an order: [order, order key, id]. Carrying the order lets a
 * cursor from a list in another order be refused rather than misread.
 */
export function userCursor(order: UserOrder): Cursor<UserPosition> {
  return cursor<UserPosition>(order, 'this list in this order', {
    write: ({ key, id }) => [key instanceof Date ? key.toISOString() : key, id],
    read: ([key, id, ...rest]) => {
      if (rest.length > 0 || typeof key !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined;
      const orderKey = storableKey(order, key);
      return orderKey === undefined ? undefined : { key: orderKey, id: id.toLowerCase() };
    },
  });
}

/** The order key as the database compares it: an email, or an instant in the years every backend stores. */
function storableKey(order: UserOrder, key: string): UserPosition['key'] | undefined {
  if (order === 'EMAIL_ASC') return key.isWellFormed() && withoutControlCharacter(key) ? key : undefined;
  // In range first: `toISOString` throws on an invalid date, and writes a year past 9999 as +YYYYYY.
  const date = new Date(key);
  return isStorableInstant(date) && date.toISOString() === key ? date : undefined;
}
