import { listSessions } from '../../application/sessions/list-sessions.ts';
import { revokeUserSessions } from '../../application/sessions/revoke-user-sessions.ts';
import {
  ConcurrentChangeError,
  ForbiddenError,
  NotAuthenticatedError,
  TooManyAttemptsError,
  UserNotFoundError,
} from '../../domain/errors.ts';
import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import { UserType } from '../accounts/user-type.ts';
import { admin, builder } from '../builder.ts';
import { SessionType } from './session-type.ts';

const SessionList = builder.objectRef<{ sessions: Session[] }>('SessionList').implement({
  description: "A user's live sessions.",
  fields: (t) => ({
    sessions: t.expose('sessions', { type: [SessionType], description: 'Most recently used first.' }),
  }),
});

builder.objectField(UserType, 'sessions', (t) =>
  t.field({
    type: SessionList,
    description: "The user's live sessions: your own (on `me`), or any user's for an admin; anyone else gets ForbiddenError.",
    errors: { types: [ForbiddenError], union: { description: 'The live sessions, or why you may not see them.' } },
    resolve: async (user, _args, context) => {
      const viewer = await context.viewer();
      if (viewer === null) throw new ForbiddenError();
      return { sessions: await listSessions({ viewer, userId: user.id, now: context.clock.now() }, context) };
    },
  }),
);

const RevokedSessions = builder.objectRef<{ count: number }>('RevokedSessions').implement({
  description: "A user's sessions that have just ended.",
  fields: (t) => ({ count: t.exposeInt('count', { description: 'How many live sessions ended.' }) }),
});

builder.mutationField('revokeUserSessions', (t) =>
  t.field({
    type: RevokedSessions,
    description: 'End every live session of a user; their tokens stop working at once. Admins only.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true, description: "The user's id." }) },
    errors: {
      types: [UserNotFoundError, NotAuthenticatedError, ForbiddenError, TooManyAttemptsError, ConcurrentChangeError],
      union: { description: 'How many sessions ended, or why not.' },
    },
    resolve: async (_root, { id }, context) =>
      revokeUserSessions({ admin: (await context.viewer()) as User, userId: String(id), now: context.clock.now() }, context),
  }),
);
