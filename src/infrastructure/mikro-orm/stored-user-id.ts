import { isUuid } from '../../domain/uuid.ts';

/**
 * A user id as stored, or null. Ids come from clients too: one that is no UUID names no one
 * (PostgreSQL would refuse the query), and a UUID is one whatever its case (SQLite compares text).
 */
export function storedUserId(id: string): string | null {
  return isUuid(id) ? id.toLowerCase() : null;
}
