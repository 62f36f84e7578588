import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientOf, failure, invalid, notFound } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { DELETE_USER, REINSTATE_USER, SET_USER_ROLE, SIGN_IN, SUSPEND_USER, UPDATE_USER, USER, USERS } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

/** A cursor as the server writes one (base64url JSON), around any content. */
const cursorOf = (content: unknown) => Buffer.from(JSON.stringify(content)).toString('base64url');
const notACursor = (argument: string) => invalid([argument], 'Not a cursor of this list in this order', 'INVALID_CURSOR');
const someId = '0b7e0a4c-5a5d-4e8f-9c3b-2d1e0f9a8b7c';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`admin fields' error results on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { call, account, admin } = clientOf(suite);

    it('refuse page sizes out of 1–100, first with last, and cursors that are not of this list in this order', async () => {
      const { token } = await admin();
      await account();
      const byEmail = await call(USERS, { first: 1, orderBy: 'EMAIL_ASC' }, token);
      const byCreation = await call(USERS, { first: 1 }, token);
      const cases: [object, object][] = [
        [{ first: 0 }, invalid(['first'], 'Must be at least 1', 'OUT_OF_RANGE')],
        [{ first: 101 }, invalid(['first'], 'Must be at most 100', 'OUT_OF_RANGE')],
        [{ last: 0 }, invalid(['last'], 'Must be at least 1', 'OUT_OF_RANGE')],
        [{ last: 101 }, invalid(['last'], 'Must be at most 100', 'OUT_OF_RANGE')],
        [{ first: 1, last: 1 }, invalid(['last'], 'Give first or last, not both', 'CONFLICTING_ARGUMENTS')],
        [{ after: 'not a cursor!' }, notACursor('after')],
        // graphql-relay's offset cursor, "arrayconnection:0": another library's, not ours.
        [{ after: 'YXJyYXljb25uZWN0aW9uOjA=' }, notACursor('after')],
        [{ before: cursorOf({ order: 'CREATED_AT_ASC' }), last: 1 }, notACursor('before')],
        [{ after: cursorOf(['CREATED_AT_ASC', 'yesterday', someId]) }, notACursor('after')],
        [{ after: byEmail.pageInfo.endCursor }, notACursor('after')],
        [{ after: byEmail.pageInfo.endCursor, orderBy: 'CREATED_AT_DESC' }, notACursor('after')],
        [{ before: byCreation.pageInfo.endCursor, last: 1, orderBy: 'EMAIL_ASC' }, notACursor('before')],
        [
          { filter: { emailStartsWith: 'a'.repeat(255) } },
          invalid(['filter', 'emailStartsWith'], 'Must be at most 254 characters', 'TOO_LONG'),
        ],
      ];
      for (const [variables, expected] of cases) expect(await call(USERS, variables, token)).toEqual(expected);
    });

    it('refuse a forged cursor whose position names no UUID or no storable instant, like any stranger', async () => {
      const { token } = await admin();
      // Well-formed JSON of the right order: only what the position holds is wrong. PostgreSQL
      // would fail on the uuid and timestamptz casts; SQLite would serve a page from nowhere.
      const cases: [object, string][] = [
        [{ after: cursorOf(['CREATED_AT_ASC', '2026-01-01T00:00:00.000Z', 'not-a-uuid']) }, 'after'],
        [{ after: cursorOf(['EMAIL_ASC', 'a@doe.com', 'not-a-uuid']), orderBy: 'EMAIL_ASC' }, 'after'],
        [{ before: cursorOf(['CREATED_AT_DESC', '-100000-01-01T00:00:00.000Z', someId]), last: 1, orderBy: 'CREATED_AT_DESC' }, 'before'],
      ];
      for (const [variables, argument] of cases) expect(await call(USERS, variables, token)).toEqual(notACursor(argument));
    });

    it('refuse a control character in the email filter or a cursor, and a cursor date outside 0001–9999, before any statement', async () => {
      const { token } = await admin();
      const logged = suite.server.logs.length;
      // A NUL failed the statement (SQLite: SQLITE_ERROR; PostgreSQL: 08P01, logged as an outage);
      // the others matched nothing: every control character is refused alike.
      for (const text of ['a\u0000', '\u0000', 'a\u0001b', 'a\nb', 'a\u007f', 'a\u0085']) {
        expect(await call(USERS, { first: 1, filter: { emailStartsWith: text } }, token)).toEqual(
          invalid(['filter', 'emailStartsWith'], 'Must not contain control characters', 'CONTROL_CHARACTERS'),
        );
        const after = cursorOf(['EMAIL_ASC', text, someId]);
        expect(await call(USERS, { first: 1, after, orderBy: 'EMAIL_ASC' }, token)).toEqual(notACursor('after'));
      }
      // PostgreSQL's timestamptz has no year 0000 (22008).
      for (const order of ['CREATED_AT_ASC', 'CREATED_AT_DESC']) {
        for (const key of ['0000-01-01T00:00:00.000Z', '0000-12-31T23:59:59.999Z']) {
          const cursor = cursorOf([order, key, someId]);
          expect(await call(USERS, { first: 1, after: cursor, orderBy: order }, token)).toEqual(notACursor('after'));
          expect(await call(USERS, { last: 1, before: cursor, orderBy: order }, token)).toEqual(notACursor('before'));
        }
      }
      // The ends of the range are served on every backend: every user lies between them.
      const all = await call(USERS, { first: 100 }, token);
      const [first, last] = ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'].map((key) =>
        cursorOf(['CREATED_AT_ASC', key, someId]),
      );
      expect(await call(USERS, { first: 100, after: first }, token)).toEqual(all);
      expect(await call(USERS, { last: 100, before: last }, token)).toEqual(all);
      // None of it was a database's fault: no error line, no outage.
      expect(suite.server.logs.slice(logged).filter((line) => JSON.parse(line).level >= 40)).toEqual([]);
    });

    it('refuse invalid details and suspensions with a ValidationError, and change nothing', async () => {
      const { token } = await admin();
      const target = await account();
      const before = await call(USER, { id: target.id }, token);
      const updates: [object, object][] = [
        [{ email: 'not-an-email' }, invalid(['input', 'email'], 'Must be a valid email address', 'INVALID_EMAIL')],
        [{ name: '   ' }, invalid(['input', 'name'], 'Must not be empty', 'EMPTY')],
        [{ surname: 'x'.repeat(101) }, invalid(['input', 'surname'], 'Must be at most 100 characters', 'TOO_LONG')],
      ];
      for (const [input, expected] of updates) expect(await call(UPDATE_USER, { id: target.id, input }, token)).toEqual(expected);
      const suspensions: [object, object][] = [
        [{ reason: '' }, invalid(['input', 'reason'], 'Must not be empty', 'EMPTY')],
        [{ reason: ' \t ' }, invalid(['input', 'reason'], 'Must not be empty', 'EMPTY')],
        [{ reason: 'x'.repeat(501) }, invalid(['input', 'reason'], 'Must be at most 500 characters', 'TOO_LONG')],
        [{ reason: 'Sp\u0000am' }, invalid(['input', 'reason'], 'Must not contain control characters', 'CONTROL_CHARACTERS')],
        [
          { reason: 'Spam', until: new Date(Date.now() - 1000).toISOString() },
          invalid(['input', 'until'], 'Must be in the future', 'NOT_IN_FUTURE'),
        ],
      ];
      for (const [input, expected] of suspensions) expect(await call(SUSPEND_USER, { id: target.id, input }, token)).toEqual(expected);
      expect(await call(USER, { id: target.id }, token)).toEqual(before);
      // The limit is 500 characters, not fewer; the reason is kept trimmed.
      const reason = 'y'.repeat(500);
      expect((await call(SUSPEND_USER, { id: target.id, input: { reason: ` ${reason} ` } }, token)).suspension.reason).toBe(reason);
    });

    it('answer UserNotFoundError for an unknown id or one that is no UUID, and user(id) null', async () => {
      const { token } = await admin();
      for (const id of [randomUUID(), 'not-a-uuid', '']) {
        expect(await call(USER, { id }, token)).toBeNull();
        expect(await call(UPDATE_USER, { id, input: { name: 'Eve' } }, token)).toEqual(notFound);
        expect(await call(SUSPEND_USER, { id, input: { reason: 'Spam' } }, token)).toEqual(notFound);
        expect(await call(REINSTATE_USER, { id }, token)).toEqual(notFound);
        expect(await call(SET_USER_ROLE, { id, role: 'ADMIN' }, token)).toEqual(notFound);
        expect(await call(DELETE_USER, { id }, token)).toEqual(notFound);
      }
    });

    it('find a user by an id in capitals as by the same id in lower case (a UUID is case-insensitive), on every backend', async () => {
      const { token } = await admin();
      const target = await account();
      const capitals = target.id.toUpperCase();
      expect(await call(USER, { id: capitals }, token)).toEqual(await call(USER, { id: target.id }, token));
      expect(await call(DELETE_USER, { id: capitals }, token)).toEqual({ __typename: 'DeletedUser', id: target.id });
    });

    it('answer EmailTakenError when updateUser gives a user the email of another, whatever its case', async () => {
      const { token } = await admin();
      const [taken, target] = [await account(), await account()];
      const before = await call(USER, { id: target.id }, token);
      expect(await call(UPDATE_USER, { id: target.id, input: { email: ` ${taken.email.toUpperCase()} ` } }, token)).toEqual(
        failure('EmailTakenError', 'A user with this email already exists'),
      );
      expect(await call(USER, { id: target.id }, token)).toEqual(before);
    });

    it('move updatedAt only when something changed', async () => {
      const { token } = await admin();
      const target = await account();
      const before = await call(USER, { id: target.id }, token);
      const same = { name: before.name, surname: before.surname, email: ` ${before.email.toUpperCase()} ` };
      expect(await call(UPDATE_USER, { id: target.id, input: same }, token)).toEqual(before);
      expect(await call(UPDATE_USER, { id: target.id, input: {} }, token)).toEqual(before);
      expect(await call(SET_USER_ROLE, { id: target.id, role: 'USER' }, token)).toEqual(before);
      expect(await call(REINSTATE_USER, { id: target.id }, token)).toEqual(before);
      const email = `${randomUUID()}@doe.com`;
      const changed = await call(UPDATE_USER, { id: target.id, input: { name: 'Grace', email: email.toUpperCase() } }, token);
      expect(changed).toEqual({ ...before, name: 'Grace', email, updatedAt: changed.updatedAt });
      expect(Date.parse(changed.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      // The email is the user's sign-in: the old one names no one now.
      const credentials = (of: string) => ({ input: { email: of, password: 'correct horse battery' } });
      expect((await call(SIGN_IN, credentials(target.email))).__typename).toBe('UserNotFoundError');
      expect((await call(SIGN_IN, credentials(email))).user.id).toBe(target.id);
    });
  });
}
