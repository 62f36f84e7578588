import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Account, clientOf, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  ACCOUNT_ME,
  ACTIVATE,
  CREATE_USER,
  DELETE_USER,
  REINSTATE_USER,
  SET_USER_ROLE,
  SIGN_IN_OR_SUSPENDED,
  SUSPEND_USER,
  UPDATE_USER,
  USER,
  USERS,
} from '../support/operations.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite } from '../support/server.ts';

/** A user as the list serves one: every field of `accountFields`, no __typename. */
interface Node {
  id: string;
  email: string;
  active: boolean;
  role: 'USER' | 'ADMIN';
  suspension: object | null;
  createdAt: string;
  [field: string]: unknown;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
}
// Code-unit order, as the databases compare ISO instants and UUIDs (and ASCII emails, in C collation).
const before = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCreation = (a: Node, b: Node) => before(a.createdAt, b.createdAt) || before(a.id, b.id);
const byEmail = (a: Node, b: Node) => before(a.email, b.email);
const info = (hasPreviousPage: boolean, hasNextPage: boolean, page: Page) => ({
  hasPreviousPage,
  hasNextPage,
  startCursor: page.edges[0]?.cursor ?? null,
  endCursor: page.edges.at(-1)?.cursor ?? null,
});

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`an admin's session on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { call, signIn, admin } = clientOf(suite);
    let owner: Account;
    /** What the database must hold, kept from the server's own answers, by id. */
    const model = new Map<string, Node>();
    const all = () => [...model.values()].sort(byCreation);
    const list = async (variables: object): Promise<Page> => call(USERS, variables, owner.token);
    const nodes = (page: Page) => page.edges.map((edge) => edge.node);
    const keep = (user: Node & { __typename?: string }) => {
      const { __typename, ...node } = user;
      model.set(node.id, node);
      return node;
    };
    const reread = async (id: string) => keep(await call(USER, { id }, owner.token));
    const create = async (email: string) =>
      reread((await call(CREATE_USER, { input: { email, password, name: 'Seed', surname: 'User' } })).id);

    beforeAll(async () => {
      owner = await admin();
      await reread(owner.id);
      // 25 users in random email order; two whose emails differ only where `_` is a wildcard in SQL.
      const emails = [`Mixed_Case.${randomUUID()}@doe.com`, `mixedxcase.${randomUUID()}@doe.com`];
      while (emails.length < 25) emails.push(`${randomUUID()}@doe.com`);
      for (const [index, email] of emails.entries()) {
        const user = await create(email);
        // ACTIVATE selects fewer fields than the list: the user is read again.
        if (index % 2 === 1) await call(ACTIVATE, { input: { email: user.email, password } }).then(() => reread(user.id));
        if (index % 7 === 3) keep(await call(SET_USER_ROLE, { id: user.id, role: 'ADMIN' }, owner.token));
        if (index % 5 === 4) keep(await call(SUSPEND_USER, { id: user.id, input: { reason: 'Spam' } }, owner.token));
      }
    });

    it('pages forward to the end and back again through exactly the same users, in creation order', async () => {
      const everyone = all();
      const first = await list({ first: 10 });
      expect(first).toEqual({ __typename: 'UserConnection', totalCount: 26, pageInfo: info(false, true, first), edges: expect.any(Array) });
      expect(nodes(first)).toEqual(everyone.slice(0, 10));
      const second = await list({ first: 10, after: first.pageInfo.endCursor });
      expect(second.pageInfo).toEqual(info(true, true, second));
      expect(nodes(second)).toEqual(everyone.slice(10, 20));
      const third = await list({ first: 10, after: second.pageInfo.endCursor });
      expect(third.pageInfo).toEqual(info(true, false, third));
      expect(nodes(third)).toEqual(everyone.slice(20));
      const back = await list({ last: 10, before: third.pageInfo.startCursor });
      expect(back).toEqual(second);
      expect(await list({ last: 10, before: back.pageInfo.startCursor })).toEqual(first);
      const tail = await list({ last: 10 });
      expect([nodes(tail), tail.pageInfo]).toEqual([everyone.slice(16), info(true, false, tail)]);
      expect(nodes(await list({}))).toEqual(everyone.slice(0, 20));
    });

    it('keeps the next page where it was when users are added before the cursor (keyset, not offset)', async () => {
      const emailsBefore = all().sort(byEmail);
      const newestBefore = all().reverse();
      const firstByEmail = await list({ first: 10, orderBy: 'EMAIL_ASC' });
      const firstNewest = await list({ first: 10, orderBy: 'CREATED_AT_DESC' });
      // Sorting before every seeded email, and newer than every seeded user: both land on page one.
      for (let i = 0; i < 3; i++) await create(`0000000${i}-${randomUUID()}@doe.com`);
      const nextByEmail = await list({ first: 10, after: firstByEmail.pageInfo.endCursor, orderBy: 'EMAIL_ASC' });
      expect([nodes(nextByEmail), nextByEmail.totalCount]).toEqual([emailsBefore.slice(10, 20), 29]);
      const nextNewest = await list({ first: 10, after: firstNewest.pageInfo.endCursor, orderBy: 'CREATED_AT_DESC' });
      expect([nodes(nextNewest), nextNewest.pageInfo]).toEqual([newestBefore.slice(10, 20), info(true, true, nextNewest)]);
    });

    it('orders by email and newest first, and filters on every condition, counting what matches', async () => {
      expect(nodes(await list({ first: 100, orderBy: 'EMAIL_ASC' }))).toEqual(all().sort(byEmail));
      expect(nodes(await list({ first: 100, orderBy: 'CREATED_AT_DESC' }))).toEqual(all().reverse());
      const [mixedCase, mixedXCase] = all().filter((node) => node.email.startsWith('mixed'));
      expect([mixedCase?.email.startsWith('mixed_case.'), mixedXCase?.email.startsWith('mixedxcase.')]).toEqual([true, true]);
      const filters: [object, (node: Node) => boolean][] = [
        [{ active: true }, (node) => node.active],
        [{ active: false }, (node) => !node.active],
        [{ suspended: true }, (node) => node.suspension !== null],
        [{ suspended: false }, (node) => node.suspension === null],
        [{ role: 'ADMIN' }, (node) => node.role === 'ADMIN'],
        [{ active: true, suspended: false, role: 'USER' }, (node) => node.active && !node.suspension && node.role === 'USER'],
        [{ emailStartsWith: ' MIXED' }, (node) => node === mixedCase || node === mixedXCase],
        // `_` and `%` are characters of the prefix, not LIKE wildcards.
        [{ emailStartsWith: 'MIXED_CASE.' }, (node) => node === mixedCase],
        [{ emailStartsWith: 'mixed%' }, () => false],
      ];
      for (const [filter, matches] of filters) {
        const expected = all().filter(matches);
        expect(expected.length).toBeLessThan(29);
        const page = await list({ first: 100, filter });
        expect([nodes(page), page.totalCount]).toEqual([expected, expected.length]);
      }
    });

    it('reads, edits, suspends, reinstates and deletes one user', async () => {
      const target = all().find((node) => node.active && node.role === 'USER' && !node.suspension)!;
      expect(await call(USER, { id: target.id }, owner.token)).toEqual({ ...target, __typename: 'User' });
      const edited = keep(await call(UPDATE_USER, { id: target.id, input: { name: 'Edited', surname: 'Twice' } }, owner.token));
      expect(edited).toEqual({ ...target, name: 'Edited', surname: 'Twice', updatedAt: expect.any(String) });
      const token = await signIn(target.email);

      keep(await call(SUSPEND_USER, { id: target.id, input: { reason: 'Chargeback' } }, owner.token));
      const refusal = await call(SIGN_IN_OR_SUSPENDED, { input: { email: target.email, password } });
      expect(refusal).toEqual({
        __typename: 'UserSuspendedError',
        message: 'This account is suspended',
        reason: 'Chargeback',
        until: null,
      });
      expect(await call(ACCOUNT_ME, {}, token)).toBeNull();
      expect(nodes(await list({ filter: { suspended: true, emailStartsWith: target.email } }))).toEqual([model.get(target.id)]);

      keep(await call(REINSTATE_USER, { id: target.id }, owner.token));
      expect((await call(ACCOUNT_ME, {}, await signIn(target.email))).suspension).toBeNull();

      expect(await call(DELETE_USER, { id: target.id }, owner.token)).toEqual({ __typename: 'DeletedUser', id: target.id });
      model.delete(target.id);
      expect(await call(USER, { id: target.id }, owner.token)).toBeNull();
      expect(nodes(await list({ first: 100 }))).toEqual(all());
    });

    it('sent and logged no password and no hash', () => {
      expectNoSecrets([suite.server], [password]);
    });
  });
}
