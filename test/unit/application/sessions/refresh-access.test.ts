import { describe, expect, it } from 'vitest';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { refreshAccess } from '../../../../src/application/sessions/refresh-access.ts';
import { TooManyAttemptsError } from '../../../../src/domain/errors.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../../../src/domain/session-errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { adaAndJohn, type Deps, signedIn } from '../signed-in-users.ts';

const clientIp = '192.0.2.9';
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('refreshAccess', () => {
  it('answers a new access token of the session and the next refresh token', async () => {
    const { deps, john } = await adaAndJohn();
    const signedIn = await signIn(john.credentials, deps.request());
    const refreshed = await refreshAccess(
      { refreshToken: signedIn.refreshToken!, ipAddress: null, clientIp, now: new Date() },
      deps.request(),
    );
    expect(refreshed.session.id).toBe(signedIn.session.id);
    expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
    expect(deps.tokenIssuer.verify(refreshed.token)).toMatchObject({ userId: john.id, sessionId: signedIn.session.id });
  });

  it('counts invalid and reused tokens against the address, and refuses failures past the limit; a valid token still refreshes', async () => {
    const deps = await inMemoryDeps({ limits: { maxFailuresPerIp: 3 } });
    const { john } = await adaAndJohnOn(deps);
    const { refreshToken } = await signIn(john.credentials, deps.request());
    const refresh = (token: string, now = new Date()) =>
      refreshAccess({ refreshToken: token, ipAddress: null, clientIp, now }, deps.request());
    const next = await refresh(refreshToken!);
    await expect(refresh('not a token')).rejects.toThrow(InvalidRefreshTokenError);
    await expect(refresh(refreshToken!, later(60))).rejects.toThrow(RefreshTokenReusedError);
    await expect(refresh('not a token')).rejects.toThrow(InvalidRefreshTokenError);
    await expect(refresh('not a token')).rejects.toThrow(TooManyAttemptsError);
    const other = await signIn(john.credentials, deps.request());
    expect((await refresh(other.refreshToken!)).session.id).toBe(other.session.id);
    expect(next.session.id).not.toBe(other.session.id);
  });
});

async function adaAndJohnOn(deps: Deps) {
  return { ada: await signedIn(deps, 'ada', 'ADMIN'), john: await signedIn(deps, 'john') };
}
