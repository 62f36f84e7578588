import { refreshAccess } from '../../application/sessions/refresh-access.ts';
import { revokeOtherSessions } from '../../application/sessions/revoke-other-sessions.ts';
import { revokeSession } from '../../application/sessions/revoke-session.ts';
import {
  ConcurrentChangeError,
  NotAuthenticatedError,
  TooManyAttemptsError,
  UserInactiveError,
  UserSuspendedError,
} from '../../domain/errors.ts';
import type { Session } from '../../domain/session.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError, SessionNotFoundError } from '../../domain/session-errors.ts';
import type { User } from '../../domain/user.ts';
import { SignInPayload } from '../accounts/sign-in-payload.ts';
import { atMost, text } from '../accounts/user-inputs.ts';
import { builder, signedIn } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { refreshWith, signOutThisSession } from './cookie-mode.ts';
import { CookieRefusedError } from './cookie-refused-error.ts';
import { SignOutPayload } from './session-type.ts';

/** The signed-in caller and their session: the scope check before the resolver has already found them. */
const caller = async (context: GraphQLContext) => ({
  viewer: (await context.viewer()) as User,
  session: (await context.session()) as Session,
});

const RefreshSessionInput = builder.inputType('RefreshSessionInput', {
  description: 'The refresh token to exchange.',
  fields: (t) => ({
    refreshToken: t.string({
      required: false,
      description:
        "The `refreshToken` of the last SignInPayload this session got; left out in cookie mode, the refresh cookie's. None at all is InvalidRefreshTokenError.",
      validate: { schema: text().refine(...atMost(200)) },
    }),
  }),
});

builder.mutationField('refreshSession', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Exchange a refresh token for a new access token and the next refresh token, before the access token expires. The same token sent again within `REFRESH_REUSE_GRACE_SECONDS` (parallel refreshes) answers the same successor; later it is reuse, and the whole session ends. Failures count against the address like failed sign-ins; each rotation against the account’s rotations (as many a minute as `ACCOUNT_WRITES_PER_MINUTE`, counted by each process). In cookie mode (`SESSION_COOKIE`) the next refresh token is set in the cookie, and `refreshToken` is null.',
    args: {
      input: t.arg({
        type: RefreshSessionInput,
        required: false,
        description: 'The refresh token (in cookie mode, the cookie’s when left out).',
      }),
    },
    errors: {
      union: {
        description:
          'The renewed session (SignInPayload), or why not: on any error but TooManyAttemptsError and CookieRefusedError (a request without what cookie mode asks), sign in again.',
      },
      types: [
        ValidationError,
        InvalidRefreshTokenError,
        RefreshTokenReusedError,
        UserInactiveError,
        UserSuspendedError,
        TooManyAttemptsError,
        CookieRefusedError,
      ],
    },
    resolve: (_root, { input }, context) =>
      refreshWith(input, context, (refreshToken) =>
        refreshAccess({ refreshToken, ipAddress: context.clientAddress, clientIp: context.clientIp, now: context.clock.now() }, context),
      ),
  }),
);

builder.mutationField('signOut', (t) =>
  t.field({
    type: SignOutPayload,
    description:
      'End the session of the access token this request came with (in cookie mode, without one: of the refresh cookie), and remove the cookie: its refresh token and access tokens stop working at once.',
    errors: { types: [NotAuthenticatedError, CookieRefusedError], union: { description: 'When the session ended, or why not.' } },
    resolve: async (_root, _args, context) => {
      const now = context.clock.now();
      await signOutThisSession(context, now);
      return { revokedAt: now };
    },
  }),
);

const RevokedSession = builder.objectRef<{ id: string }>('RevokedSession').implement({
  description: 'A session that has just ended.',
  fields: (t) => ({ id: t.exposeID('id', { description: "The ended session's id." }) }),
});

builder.mutationField('revokeSession', (t) =>
  t.field({
    type: RevokedSession,
    description: "End one of your sessions (an admin: anyone's) by its id; its tokens stop working at once. Needs a bearer token.",
    authScopes: signedIn,
    args: { id: t.arg.id({ required: true, description: 'The session id (`Session.id`).' }) },
    errors: {
      types: [SessionNotFoundError, NotAuthenticatedError, TooManyAttemptsError, ConcurrentChangeError],
      union: { description: 'The ended session, or why not: someone else’s session is SessionNotFoundError, as an unknown one.' },
    },
    resolve: async (_root, { id }, context) =>
      revokeSession({ viewer: (await caller(context)).viewer, sessionId: String(id), now: context.clock.now() }, context),
  }),
);

builder.mutationField('revokeOtherSessions', (t) =>
  t.field({
    type: SignOutPayload,
    description: 'End every session of yours but the one this request came with. Needs a bearer token.',
    authScopes: signedIn,
    errors: {
      types: [NotAuthenticatedError, TooManyAttemptsError, ConcurrentChangeError],
      union: { description: 'When the other sessions ended, or why not.' },
    },
    resolve: async (_root, _args, context) => {
      const { viewer, session } = await caller(context);
      const now = context.clock.now();
      await revokeOtherSessions({ viewer, currentSessionId: session.id, now }, context);
      return { revokedAt: now };
    },
  }),
);
