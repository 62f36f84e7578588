import type { SignInResult } from '../../application/accounts/sign-in.ts';
import { builder } from '../builder.ts';
import { SessionType } from '../sessions/session-type.ts';
import { UserType } from './user-type.ts';

const useAccessToken = 'Use accessToken and accessTokenExpiresAt';

export const SignInPayload = builder.objectRef<SignInResult>('SignInPayload').implement({
  description: 'A signed-in session: a short-lived access token to send, the refresh token that renews it, and whose they are.',
  fields: (t) => ({
    accessToken: t.exposeString('token', {
      description: 'Send as `Authorization: Bearer <token>`; refused once expired, or at once when its session ends.',
    }),
    accessTokenExpiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'When the access token stops being accepted (`ACCESS_TOKEN_TTL_SECONDS` after it was issued): refresh before.',
    }),
    refreshToken: t.exposeString('refreshToken', {
      nullable: true,
      description:
        'Exchange it with `refreshSession` for a new access token and the next refresh token (each refresh replaces it). Keep it secret. Null from `changePassword` (the one you hold still works), and in cookie mode (it is in the refresh cookie).',
    }),
    refreshTokenExpiresAt: t.field({
      type: 'DateTime',
      description: "When the refresh token stops working unless used before: the session's `idleExpiresAt`.",
      resolve: ({ session }) => session.idleExpiresAt,
    }),
    session: t.expose('session', { type: SessionType, description: 'The session the tokens belong to.' }),
    token: t.exposeString('token', { description: 'The access token.', deprecationReason: useAccessToken }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'When the access token expires.',
      deprecationReason: useAccessToken,
    }),
    user: t.expose('user', { type: UserType, description: 'The signed-in user.' }),
  }),
});
