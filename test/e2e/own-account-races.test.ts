import { setImmediate as endOfTurn } from 'node:timers/promises';
import { getNullableType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { type Account, bearer, clientOf, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  ACTIVATE,
  CHANGE_PASSWORD,
  DEACTIVATE,
  DELETE_ME,
  DELETE_USER,
  SET_USER_ROLE,
  SIGN_IN,
  SIGN_OUT_EVERYWHERE,
  SUSPEND_USER,
  UPDATE_ME,
} from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

const rounds = 33;
/** How far apart the two requests start, in turns of the event loop the server shares with this test. */
const offsets = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5];

type Request = [query: string, variables: object, token?: string];
/** What an admin does to that account meanwhile. */
const adminChangeNames = ['deleteUser', 'suspendUser', 'setUserRole'] as const;
type AdminChange = (typeof adminChangeNames)[number];

/**
 * What a change by token may answer: it landed, or it lost the race and answers as the caller's
 * next request would (deleted or suspended: signed out; a new role: retry).
 */
const byToken = (landed: string): Record<AdminChange, string[]> => ({
  deleteUser: [landed, 'NotAuthenticatedError'],
  suspendUser: [landed, 'NotAuthenticatedError'],
  setUserRole: [landed, 'ConcurrentChangeError'],
});

/**
 * Every mutation that acts on the caller's own account: by its token, or by its email and password
 * (those may answer any member of their union: a retry after ConcurrentChangeError tells the rest).
 */
const ownChanges: Record<string, { request: (account: Account) => Request; answers?: Record<AdminChange, string[]> }> = {
  updateMe: { request: ({ token }) => [UPDATE_ME, { input: { name: 'Grace' } }, token], answers: byToken('User') },
  changePassword: {
    request: ({ token }) => [CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: 'another horse battery' } }, token],
    answers: byToken('SignInPayload'),
  },
  signOutEverywhere: { request: ({ token }) => [SIGN_OUT_EVERYWHERE, {}, token], answers: byToken('SignOutPayload') },
  deleteMe: { request: ({ token }) => [DELETE_ME, { input: { password } }, token], answers: byToken('DeletedUser') },
  activate: { request: ({ email }) => [ACTIVATE, { input: { email, password } }] },
  deactivate: { request: ({ email }) => [DEACTIVATE, { input: { email, password } }] },
  signIn: { request: ({ email }) => [SIGN_IN, { input: { email, password } }] },
};

const adminChanges: Record<AdminChange, (admin: Account, target: Account) => Request> = {
  deleteUser: (admin, { id }) => [DELETE_USER, { id }, admin.token],
  suspendUser: (admin, { id }) => [SUSPEND_USER, { id, input: { reason: 'Racing' } }, admin.token],
  setUserRole: (admin, { id }) => [SET_USER_ROLE, { id, role: 'ADMIN' }, admin.token],
};

/** The members of the mutation's result union, as the schema declares them. */
function declaredMembers(mutation: string): string[] {
  const union = getNullableType(schema.getMutationType()?.getFields()[mutation]?.type);
  if (!isUnionType(union)) throw new Error(`${mutation} has no result union`);
  return union.getTypes().map((member) => member.name);
}

async function turnsLater<T>(turns: number, task: () => Promise<T>): Promise<T> {
  for (let turn = 0; turn < turns; turn++) await endOfTurn();
  return task();
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`a change of one's own account racing an admin's, on ${backend.name}`, () => {
    // Races against deleteUser make unknown-email failures from this one address: not what is measured.
    const suite = serverForSuite(backend.create, { AUTH_MAX_FAILURES_PER_IP: '100000' });
    const client = clientOf(suite);
    const errorLines = () => suite.server.logs.filter((line) => JSON.parse(line).level >= 50);

    /** The result's `__typename`, or the messages of a request that failed as a whole (a masked error). */
    async function outcome(mutation: string, [query, variables, token]: Request): Promise<string> {
      const { body } = await suite.server.graphql(query, variables, token === undefined ? {} : bearer(token));
      if (body.errors) return `errors: ${body.errors.map((error: { message: string }) => error.message).join(', ')}`;
      return body.data[mutation].__typename;
    }

    for (const [own, { request, answers }] of Object.entries(ownChanges)) {
      for (const adminChange of adminChangeNames) {
        it(`${own} against ${adminChange}: ${rounds} rounds, each answer a member its union declares, nothing logged as an error`, async () => {
          const ownAnswers = declaredMembers(own).filter((member) => answers?.[adminChange].includes(member) ?? true);
          const adminAnswers = declaredMembers(adminChange);
          const admin = await client.admin();
          const loggedBefore = errorLines().length;
          /** Each interleaving whose answers were not allowed, with how many rounds hit it. */
          const unexpected: Record<string, number> = {};
          for (let round = 0; round < rounds; round++) {
            const target = await client.account();
            // Negative: the admin's request starts first; a sweep of them, so each window gets its rounds.
            const offset = offsets[round % offsets.length]!;
            const [ownAnswer, adminAnswer] = await Promise.all([
              turnsLater(Math.max(offset, 0), () => outcome(own, request(target))),
              turnsLater(Math.max(-offset, 0), () => outcome(adminChange, adminChanges[adminChange](admin, target))),
            ]);
            if (ownAnswers.includes(ownAnswer) && adminAnswers.includes(adminAnswer)) continue;
            const interleaving = `${ownAnswer} / ${adminAnswer}`;
            unexpected[interleaving] = (unexpected[interleaving] ?? 0) + 1;
          }
          expect({ unexpected, logged: errorLines().slice(loggedBefore) }).toEqual({ unexpected: {}, logged: [] });
        });
      }
    }
  });
}
