import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { changePassword } from '../../../../src/application/accounts/change-password.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { Session } from '../../../../src/domain/session.ts';
import { inMemoryDeps, john, johnsCredentials, testEmailHash } from '../../../support/in-memory-deps.ts';
import { testSessionSettings } from '../../../support/sessions.ts';

const line = (action: string, outcome: string, subject: object) => ({
  level: 30,
  msg: 'audit',
  audit: true,
  action,
  outcome,
  ...subject,
  clientAddress: '192.0.2.1',
});

describe('the outcome of a credential check, reported by its use case', () => {
  it('becomes one audit line each, and a SignInFailed row when the password check failed, named alike', async () => {
    const deps = await inMemoryDeps();
    const { id } = await createUser(john, deps.request());
    await expect(createUser({ ...john, email: ' JOHN@doe.com' }, deps.request())).rejects.toThrow('already exists');
    await expect(activateUser({ ...johnsCredentials, password: 'wrong!' }, deps.request())).rejects.toThrow('incorrect');
    await expect(signIn({ ...johnsCredentials, email: 'Jane@Doe.com ' }, deps.request())).rejects.toThrow('No user');
    await activateUser(johnsCredentials, deps.request());

    const lines = deps.auditLines.map(({ time, pid, hostname, ...rest }: Record<string, unknown>) => rest);
    expect(lines).toEqual([
      line('createUser', 'User', { userId: id }),
      line('createUser', 'EmailTakenError', { emailHash: testEmailHash('john@doe.com') }),
      line('activate', 'InvalidCredentialsError', { userId: id }),
      line('signIn', 'UserNotFoundError', { emailHash: testEmailHash('jane@doe.com') }),
      line('activate', 'User', { userId: id }),
    ]);
    const rows = await deps.auditTrail.page({ types: ['SignInFailed'], limit: 10 });
    expect(rows.map(({ userId, payload, actor, clientAddress }) => ({ userId, payload, actor, clientAddress }))).toEqual([
      { userId: null, payload: { reason: 'UNKNOWN_EMAIL', emailHash: testEmailHash('jane@doe.com') }, ...anonymousFrom },
      { userId: id, payload: { reason: 'WRONG_PASSWORD' }, ...anonymousFrom },
    ]);
  });

  it("names the signed-in caller of a check of their own password, and the row's actor is them", async () => {
    const deps = await inMemoryDeps();
    const { id } = await createUser(john, deps.request());
    await activateUser(johnsCredentials, deps.request());
    const request = deps.request();
    const viewer = (await request.unitOfWork.users.findById(id))!;
    const session = new Session({ userId: id, userAgent: null, ipAddress: null }, testSessionSettings.lifetimes, new Date());
    const change = { viewer, session, currentPassword: 'wrong!', newPassword: 'a brand new passphrase', clientIp: '192.0.2.1' };
    await expect(changePassword(change, request)).rejects.toThrow('incorrect');
    expect(deps.auditLines.at(-1)).toMatchObject(line('changePassword', 'InvalidCredentialsError', { userId: id }));
    const [row] = await deps.auditTrail.page({ types: ['SignInFailed'], limit: 1 });
    expect(row?.actor).toEqual({ kind: 'SELF', id });
  });
});

const anonymousFrom = { actor: { kind: 'ANONYMOUS' }, clientAddress: '192.0.2.1' };
