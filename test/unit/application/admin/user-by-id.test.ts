import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteUser } from '../../../../src/application/admin/delete-user.ts';
import { reinstateUser } from '../../../../src/application/admin/reinstate-user.ts';
import { setUserRole } from '../../../../src/application/admin/set-user-role.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import { updateUser } from '../../../../src/application/admin/update-user.ts';
import { userById } from '../../../../src/application/admin/user-by-id.ts';
import { UserNotFoundError } from '../../../../src/domain/errors.ts';
import { adaAndJohn, requestBy, type SignedInRequest } from '../signed-in-users.ts';

describe('admin use cases, given an unknown id', () => {
  const unknown = randomUUID();
  it.each([
    ['userById', (request: SignedInRequest) => userById(unknown, request.unitOfWork)],
    ['updateUser', (request: SignedInRequest) => updateUser({ admin: request.viewer, id: unknown, details: { name: 'X' } }, request)],
    [
      'suspendUser',
      (request: SignedInRequest) => suspendUser({ admin: request.viewer, id: unknown, reason: 'Spam', until: null }, request),
    ],
    ['reinstateUser', (request: SignedInRequest) => reinstateUser({ admin: request.viewer, id: unknown }, request)],
    ['setUserRole', (request: SignedInRequest) => setUserRole({ admin: request.viewer, id: unknown, role: 'ADMIN' }, request)],
    ['deleteUser', (request: SignedInRequest) => deleteUser({ admin: request.viewer, id: unknown }, request)],
  ])('%s answers UserNotFoundError("No user has this id")', async (_, useCase) => {
    const { deps, ada } = await adaAndJohn();
    await expect(useCase(await requestBy(deps, ada.token))).rejects.toThrow(new UserNotFoundError('No user has this id'));
  });
});
