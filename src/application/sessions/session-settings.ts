import type { SessionLifetimes } from '../../domain/session.ts';

/** The session rules the configuration sets (SESSION_*, REFRESH_REUSE_GRACE_SECONDS, MAX_SESSIONS_PER_USER). */
export interface SessionSettings {
  lifetimes: SessionLifetimes;
  /** How long the refresh token just replaced still answers its successor: concurrent refreshes of one client. */
  reuseGraceSeconds: number;
  /** A sign-in beyond it ends the user's least recently used session. */
  maxSessionsPerUser: number;
}
