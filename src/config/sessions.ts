import { z } from 'zod';
import { flag, positiveInt } from './values/variables.ts';

const day = 24 * 60 * 60;

/** How long sessions live, how many a user may hold, and the refresh tokens' grace for concurrent refreshes. */
export const sessionVariables = z
  .object({
    SESSION_IDLE_TIMEOUT_SECONDS: positiveInt.default(14 * day).meta({
      description: 'A session not used (refreshed, or a request with its access token) for this long ends (default 14 days).',
    }),
    SESSION_MAX_LIFETIME_SECONDS: positiveInt.default(30 * day).meta({
      description: 'A session ends this long after its sign-in, however often it is refreshed (default 30 days).',
    }),
    // 0 allowed: no grace, every second presentation of a replaced token is reuse.
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10).meta({
      description:
        'A refresh token presented again within this long of its replacement answers the same successor (concurrent refreshes of one client); later, it is reuse and ends the session (0 to 60).',
    }),
    MAX_SESSIONS_PER_USER: positiveInt
      .default(100)
      .meta({ description: "A sign-in beyond it ends the user's least recently used session." }),
    SESSION_COOKIE: flag.default(false).meta({
      description:
        '`signIn` and `refreshSession` set the refresh token as an HttpOnly `__Host-` cookie instead of answering it; `refreshSession` and `signOut` read it from there, only with the header `x-graphql-yoga-csrf` and an `Origin` of this server or of `CORS_ORIGINS` (docs/sessions.md#cookie-mode).',
    }),
  })
  .meta({
    title: 'Sessions',
    description:
      "How long sessions live, how many a user may hold, and the refresh tokens' grace for concurrent refreshes (docs/sessions.md).",
  });

type SessionVariables = z.output<typeof sessionVariables>;

/** The shape of application/sessions' SessionSettings (config imports no application code). */
export function sessionSettings(env: SessionVariables) {
  return {
    sessions: {
      lifetimes: { idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS, maxLifetimeSeconds: env.SESSION_MAX_LIFETIME_SECONDS },
      reuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      maxSessionsPerUser: env.MAX_SESSIONS_PER_USER,
    },
    /** The refresh token rides in a cookie (`SESSION_COOKIE`): the GraphQL edge's concern, which the use cases never see. */
    sessionCookie: env.SESSION_COOKIE,
  };
}
