import type { SignInResult } from '../application/sign-in.ts';
import { builder } from './builder.ts';
import { UserType } from './user-type.ts';

export const SignInPayload = builder.objectRef<SignInResult>('SignInPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    user: t.expose('user', { type: UserType }),
  }),
});
