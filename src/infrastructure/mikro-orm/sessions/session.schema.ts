import { defineEntity, p } from '@mikro-orm/core';
import { Session } from '../../../domain/session.ts';
import type { SessionEndReason } from '../../../domain/session-events.ts';

/**
 * How a Session is stored. No token, nor anything a token could be rebuilt from without the
 * server's key: the refresh token is an HMAC over `id` and `refreshCounter`. No foreign key to
 * users: a deletion's commit deletes the user's sessions itself, after ending them (SessionEnded).
 */
export const SessionSchema = defineEntity({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime(),
    expiresAt: p.datetime(),
    idleExpiresAt: p.datetime(),
    userAgent: p.string().length(256).nullable(),
    ipAddress: p.string().length(64).nullable(),
    // Which refresh token is current: a rotation writes only where it is still the one presented.
    refreshCounter: p.integer(),
    rotatedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    endReason: p.string().length(32).nullable().$type<SessionEndReason>(),
  },
  indexes: [
    // A user's sessions, most recently used first (the list, the oldest to push out, the ones to end).
    { name: 'sessions_user_id_last_used_at_index', properties: ['userId', 'lastUsedAt'] },
    // The rows the pruning chooses: ended, or past the idle end (session-pruning.ts).
    { name: 'sessions_ended_at_index', properties: ['endedAt'] },
    { name: 'sessions_idle_expires_at_index', properties: ['idleExpiresAt'] },
  ],
});
