import { beforeAll, describe, expect, it } from 'vitest';
import type { UserFilter, UserOrder } from '../../src/application/admin/user-list-query.ts';
import { minute, sortedIds, tomorrow, type UserStorage, usersOfOneTest, yesterday } from '../support/user-fixtures.ts';

const orders: UserOrder[] = ['CREATED_AT_ASC', 'CREATED_AT_DESC', 'EMAIL_ASC'];

/** UserDirectory's keyset pages and counts. Part of the repository contract; each test sees only its own users. */
export function userListContract(storage: () => UserStorage): void {
  // Created in neither email order nor its reverse, so each order tells itself apart from the others.
  const inOrder: Record<UserOrder, string[]> = {
    CREATED_AT_ASC: ['erin', 'alice', 'dave', 'bob', 'carol'],
    CREATED_AT_DESC: ['carol', 'bob', 'dave', 'alice', 'erin'],
    EMAIL_ASC: ['alice', 'bob', 'carol', 'dave', 'erin'],
  };
  async function fiveUsers(order: UserOrder) {
    const users = usersOfOneTest(storage);
    await users.add(...inOrder.CREATED_AT_ASC.map((name) => users.make(name)));
    return { users, at: (name: string) => users.position(name, order), names: inOrder[order] as [string, string, string, string, string] };
  }

  describe.each(orders)('list in %s', (order) => {
    it('answers every row in that order', async () => {
      const { users, names } = await fiveUsers(order);
      expect(await users.list({ order })).toEqual(names);
    });

    it('pages forward with `after`, and takes the first rows of a range bounded by `before`', async () => {
      const {
        users,
        at,
        names: [a, b, c, d, e],
      } = await fiveUsers(order);
      expect(await users.list({ order, limit: 2 })).toEqual([a, b]);
      expect(await users.list({ order, limit: 2, after: at(b) })).toEqual([c, d]);
      expect(await users.list({ order, limit: 2, after: at(d) })).toEqual([e]);
      expect(await users.list({ order, limit: 2, after: at(e) })).toEqual([]);
      expect(await users.list({ order, limit: 2, before: at(e) })).toEqual([a, b]);
    });

    it('pages backward with `before` and `fromEnd`, each page still in order', async () => {
      const {
        users,
        at,
        names: [a, b, c, d, e],
      } = await fiveUsers(order);
      expect(await users.list({ order, limit: 2, fromEnd: true })).toEqual([d, e]);
      expect(await users.list({ order, limit: 2, fromEnd: true, before: at(d) })).toEqual([b, c]);
      expect(await users.list({ order, limit: 2, fromEnd: true, before: at(b) })).toEqual([a]);
      expect(await users.list({ order, limit: 2, fromEnd: true, before: at(a) })).toEqual([]);
      expect(await users.list({ order, limit: 2, fromEnd: true, after: at(a) })).toEqual([d, e]);
    });

    it('includes the bounds themselves only when `inclusive`', async () => {
      const {
        users,
        at,
        names: [, b, c, d],
      } = await fiveUsers(order);
      expect(await users.list({ order, after: at(b), before: at(d) })).toEqual([c]);
      expect(await users.list({ order, after: at(b), before: at(d), inclusive: true })).toEqual([b, c, d]);
      expect(await users.list({ order, limit: 2, after: at(b), inclusive: true })).toEqual([b, c]);
      expect(await users.list({ order, limit: 2, before: at(d), inclusive: true, fromEnd: true })).toEqual([c, d]);
      expect(await users.list({ order, limit: 2, after: at(b), before: at(d), inclusive: true, fromEnd: true })).toEqual([c, d]);
    });
  });

  it('breaks ties on createdAt by id, both ways, across pages and at inclusive bounds', async () => {
    const users = usersOfOneTest(storage);
    const [low, middle, high] = sortedIds(3);
    // Created in the same millisecond, with ids in an order that is neither their names' nor their emails'.
    const same = { createdAt: minute(1) };
    await users.add(
      users.make('first', { createdAt: minute(0) }),
      users.make('tie-a', { ...same, id: high }),
      users.make('tie-b', { ...same, id: low }),
      users.make('tie-c', { ...same, id: middle }),
      users.make('last', { createdAt: minute(2) }),
    );
    const at = (name: string) => users.position(name, 'CREATED_AT_ASC');
    expect(await users.list()).toEqual(['first', 'tie-b', 'tie-c', 'tie-a', 'last']);
    expect(await users.list({ order: 'CREATED_AT_DESC' })).toEqual(['last', 'tie-a', 'tie-c', 'tie-b', 'first']);
    expect(await users.list({ limit: 2, after: at('tie-b') })).toEqual(['tie-c', 'tie-a']);
    expect(await users.list({ limit: 2, after: at('tie-c'), inclusive: true })).toEqual(['tie-c', 'tie-a']);
    expect(await users.list({ limit: 2, before: at('tie-a'), fromEnd: true })).toEqual(['tie-b', 'tie-c']);
    expect(await users.list({ order: 'CREATED_AT_DESC', limit: 2, after: at('tie-a') })).toEqual(['tie-c', 'tie-b']);
    expect(await users.list({ order: 'CREATED_AT_DESC', limit: 1, before: at('tie-b'), fromEnd: true })).toEqual(['tie-c']);
  });

  it('continues from a position after rows were added and removed between pages, the position’s own row too', async () => {
    const users = usersOfOneTest(storage);
    const [lower, own, higher] = sortedIds(3);
    await users.add(
      users.make('one', { createdAt: minute(1) }),
      users.make('three', { createdAt: minute(3), id: own }),
      users.make('five', { createdAt: minute(5) }),
      users.make('seven', { createdAt: minute(7) }),
    );
    expect(await users.list({ limit: 2 })).toEqual(['one', 'three']);
    await users.add(
      users.make('zero', { createdAt: minute(0) }),
      users.make('two', { createdAt: minute(2) }),
      users.make('three-lower-id', { createdAt: minute(3), id: lower }),
      users.make('three-higher-id', { createdAt: minute(3), id: higher }),
      users.make('four', { createdAt: minute(4) }),
    );
    await users.remove('three', 'five');
    expect(await users.list({ limit: 2, after: users.position('three') })).toEqual(['three-higher-id', 'four']);
    expect(await users.list({ limit: 2, after: users.position('four') })).toEqual(['seven']);
    expect(await users.list({ limit: 2, before: users.position('three'), fromEnd: true })).toEqual(['two', 'three-lower-id']);
  });

  describe('filters, alone and combined, in list and count', () => {
    const users = usersOfOneTest(storage);
    beforeAll(() =>
      users.add(
        users.make('admin', { active: true, role: 'ADMIN' }),
        users.make('admin-inactive', { role: 'ADMIN' }),
        users.make('admin-suspended', { active: true, role: 'ADMIN', suspendedUntil: null }),
        users.make('user', { active: true }),
        users.make('user-inactive'),
        users.make('user-suspended', { active: true, suspendedUntil: tomorrow() }),
        users.make('user-suspension-ended', { active: true, suspendedUntil: yesterday() }),
      ),
    );
    const cases: [string, UserFilter, string[]][] = [
      ['none', {}, ['admin', 'admin-inactive', 'admin-suspended', 'user', 'user-inactive', 'user-suspended', 'user-suspension-ended']],
      ['active', { active: true }, ['admin', 'admin-suspended', 'user', 'user-suspended', 'user-suspension-ended']],
      ['inactive', { active: false }, ['admin-inactive', 'user-inactive']],
      ['admins', { role: 'ADMIN' }, ['admin', 'admin-inactive', 'admin-suspended']],
      ['users', { role: 'USER' }, ['user', 'user-inactive', 'user-suspended', 'user-suspension-ended']],
      ['suspended now', { suspended: true }, ['admin-suspended', 'user-suspended']],
      ['not suspended now', { suspended: false }, ['admin', 'admin-inactive', 'user', 'user-inactive', 'user-suspension-ended']],
      ['active unsuspended admins', { role: 'ADMIN', active: true, suspended: false }, ['admin']],
      ['active unsuspended users', { role: 'USER', active: true, suspended: false }, ['user', 'user-suspension-ended']],
    ];
    it.each(cases)('%s', async (_, filter, expected) => {
      expect(await users.list({ filter })).toEqual(expected);
      expect(await users.count(filter)).toBe(expected.length);
    });

    it('a longer prefix, with other filters and a position', async () => {
      const filter = { emailStartsWith: `${users.prefix}user-s`, active: true };
      expect(await users.list({ filter })).toEqual(['user-suspended', 'user-suspension-ended']);
      expect(await users.count(filter)).toBe(2);
      expect(await users.list({ filter: { role: 'USER' }, limit: 2, after: users.position('user') })).toEqual([
        'user-inactive',
        'user-suspended',
      ]);
    });
  });

  it('matches `%`, `_` and `\\` in a prefix literally, not as wildcards', async () => {
    const users = usersOfOneTest(storage);
    await users.add(...['ab', 'a%b', 'a_b', 'a\\b', 'axb'].map((name) => users.make(name, { emailAsStored: true })));
    for (const [prefix, expected] of [
      ['a%', 'a%b'],
      ['a_', 'a_b'],
      ['a\\', 'a\\b'],
    ] as const) {
      const filter = { emailStartsWith: `${users.prefix}${prefix}` };
      expect(await users.list({ filter })).toEqual([expected]);
      expect(await users.count(filter)).toBe(1);
    }
  });
}
