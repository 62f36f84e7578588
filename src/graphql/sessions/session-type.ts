import { Session } from '../../domain/session.ts';
import { builder } from '../builder.ts';

/** Every exposed field is listed: the refresh counter, the end and its reason stay inside. */
export const SessionType = builder.objectType(Session, {
  name: 'Session',
  description: 'One signed-in device or client of a user: what a refresh token keeps alive.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'A UUID: pass it to `revokeSession` to end this session.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the sign-in started it.' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      description: 'When it was last refreshed or used by a request, to the minute (written at most once a minute).',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'The absolute end: sign-in plus `SESSION_MAX_LIFETIME_SECONDS`, never extended by refreshing.',
    }),
    idleExpiresAt: t.expose('idleExpiresAt', {
      type: 'DateTime',
      description: 'When it ends unless used before: last use plus `SESSION_IDLE_TIMEOUT_SECONDS`, never past `expiresAt`.',
    }),
    userAgent: t.exposeString('userAgent', {
      nullable: true,
      description: "The sign-in request's `User-Agent`, at most 256 characters, control characters removed; null when none was sent.",
    }),
    ipAddress: t.exposeString('ipAddress', {
      nullable: true,
      description: 'The address the sign-in came from, as the per-address limits see the client (`TRUST_PROXY`).',
    }),
    current: t.boolean({
      description: 'The session of the access token this request came with.',
      resolve: async (session, _args, context) => session.id === (await context.session())?.id,
    }),
  }),
});

export const SignOutPayload = builder.objectRef<{ revokedAt: Date }>('SignOutPayload').implement({
  description: 'The sessions (and tokens) the call ended are refused from now on.',
  fields: (t) => ({ revokedAt: t.expose('revokedAt', { type: 'DateTime', description: 'When they were ended.' }) }),
});
