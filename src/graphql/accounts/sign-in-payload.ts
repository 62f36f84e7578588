import type { SignInResult } from '../../application/accounts/sign-in.ts';
import { builder } from '../builder.ts';
import { UserType } from './user-type.ts';

export const SignInPayload = builder.objectRef<SignInResult>('SignInPayload').implement({
  description: 'A session: the bearer token to send, and whose it is.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`; refused once expired or revoked.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the token stops being accepted.' }),
    user: t.expose('user', { type: UserType, description: 'The signed-in user.' }),
  }),
});
