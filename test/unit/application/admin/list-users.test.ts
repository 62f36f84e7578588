import { describe, expect, it } from 'vitest';
import { type ListUsersInput, listUsers } from '../../../../src/application/admin/list-users.ts';
import { positionOf, type UserOrder } from '../../../../src/application/admin/user-list-query.ts';
import type { User } from '../../../../src/domain/user.ts';
import { systemActor } from '../../../../src/domain/user-events.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { aUser, commitAdded, minute, sortedIds, tomorrow, type UserSpec, yesterday } from '../../../support/user-fixtures.ts';

/** Users named by their email's local part, created a minute apart in the order given unless told. */
async function directory(specs: Record<string, UserSpec>) {
  const deps = await inMemoryDeps();
  const byName = new Map<string, User>();
  for (const [i, [name, spec]] of Object.entries(specs).entries()) {
    byName.set(name, aUser({ createdAt: minute(i), ...spec, email: `${name}@doe.com` }));
  }
  await commitAdded(deps.request().unitOfWork, ...byName.values());
  return {
    at: (name: string, order: UserOrder = 'CREATED_AT_ASC') => positionOf(byName.get(name)!, order),
    remove: async (name: string) => {
      const unitOfWork = deps.request().unitOfWork;
      unitOfWork.users.remove((await unitOfWork.users.findById(byName.get(name)!.id))!, systemActor);
      await unitOfWork.commit();
    },
    /** The page as names, with its two flags. */
    page: async (input: Partial<ListUsersInput>) => {
      const { items, hasNextPage, hasPreviousPage } = await listUsers({ filter: {}, order: 'CREATED_AT_ASC', ...input }, deps.request());
      return {
        names: items.map(({ email }) => email.slice(0, email.indexOf('@'))),
        hasNextPage: await hasNextPage(),
        hasPreviousPage: await hasPreviousPage(),
      };
    },
  };
}

const page = (names: string[], hasPreviousPage: boolean, hasNextPage: boolean) => ({ names, hasNextPage, hasPreviousPage });
const fiveUsers = () => directory({ a: {}, b: {}, c: {}, d: {}, e: {} });

describe('listUsers with `before` alone', () => {
  it('answers the page that ends just before the cursor, at the default size', async () => {
    const users = await directory(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`u${String(i).padStart(2, '0')}`, {}])));
    const expected = Array.from({ length: 20 }, (_, i) => `u${String(i + 3).padStart(2, '0')}`);
    expect(await users.page({ before: users.at('u23') })).toEqual(page(expected, true, true));
  });
});

describe('listUsers, forward (first, after)', () => {
  it('reads the rows before `after` only when asked whether a previous page exists', async () => {
    const deps = await inMemoryDeps();
    await commitAdded(
      deps.request().unitOfWork,
      aUser({ email: 'a@doe.com', createdAt: minute(0) }),
      aUser({ email: 'b@doe.com', createdAt: minute(1) }),
    );
    const request = deps.request();
    const after = positionOf((await request.unitOfWork.users.findByEmail('a@doe.com'))!, 'CREATED_AT_ASC');
    const page = request.userDirectory.page.bind(request.userDirectory);
    let reads = 0;
    request.userDirectory.page = (query) => {
      reads++;
      return page(query);
    };
    const result = await listUsers({ filter: {}, order: 'CREATED_AT_ASC', first: 1, after }, request);
    expect([result.items.map(({ email }) => email), await result.hasNextPage(), reads]).toEqual([['b@doe.com'], false, 1]);
    expect([await result.hasPreviousPage(), reads]).toEqual([true, 2]);
  });

  it('tells a next page by one row more, and a previous one by any row at or before `after`', async () => {
    const users = await fiveUsers();
    expect(await users.page({ first: 2 })).toEqual(page(['a', 'b'], false, true));
    expect(await users.page({ first: 2, after: users.at('b') })).toEqual(page(['c', 'd'], true, true));
    expect(await users.page({ first: 2, after: users.at('d') })).toEqual(page(['e'], true, false));
    expect(await users.page({ first: 5 })).toEqual(page(['a', 'b', 'c', 'd', 'e'], false, false));
    expect(await users.page({ first: 2, after: users.at('e') })).toEqual(page([], true, false));
  });

  it('counts the row of `after` itself as a previous page, while it exists', async () => {
    const users = await fiveUsers();
    await users.remove('a');
    expect(await users.page({ first: 2, after: users.at('a') })).toEqual(page(['b', 'c'], false, true));
    await users.remove('c');
    expect(await users.page({ first: 2, after: users.at('c') })).toEqual(page(['d', 'e'], true, false));
  });

  it('serves 20 rows unless told', async () => {
    const names = Array.from({ length: 21 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const users = await directory(Object.fromEntries(names.map((name) => [name, {}])));
    expect(await users.page({})).toEqual(page(names.slice(0, 20), false, true));
    expect(await users.page({ after: users.at('u19') })).toEqual(page(['u20'], true, false));
    await users.remove('u20');
    expect(await users.page({})).toEqual(page(names.slice(0, 20), false, false));
  });
});

describe('listUsers, backward (last, before)', () => {
  it('tells a previous page by one row more, and a next one by any row at or after `before`', async () => {
    const users = await fiveUsers();
    expect(await users.page({ last: 2 })).toEqual(page(['d', 'e'], true, false));
    expect(await users.page({ last: 2, before: users.at('d') })).toEqual(page(['b', 'c'], true, true));
    expect(await users.page({ last: 2, before: users.at('b') })).toEqual(page(['a'], false, true));
    expect(await users.page({ last: 5 })).toEqual(page(['a', 'b', 'c', 'd', 'e'], false, false));
  });

  it('counts the row of `before` itself as a next page, while it exists', async () => {
    const users = await fiveUsers();
    await users.remove('e');
    expect(await users.page({ last: 2, before: users.at('e') })).toEqual(page(['c', 'd'], true, false));
  });
});

describe('listUsers, between two cursors', () => {
  it('pages within them; the flag of the far side follows its cursor', async () => {
    const users = await fiveUsers();
    const between = { after: users.at('a'), before: users.at('e') };
    expect(await users.page({ first: 2, ...between })).toEqual(page(['b', 'c'], true, true));
    expect(await users.page({ first: 3, ...between })).toEqual(page(['b', 'c', 'd'], true, false));
    expect(await users.page({ last: 2, ...between })).toEqual(page(['c', 'd'], true, true));
    expect(await users.page({ last: 3, ...between })).toEqual(page(['b', 'c', 'd'], false, true));
  });
});

describe('listUsers, orders', () => {
  it('serves newest first, and pages on in that order', async () => {
    const users = await fiveUsers();
    const order = 'CREATED_AT_DESC';
    expect(await users.page({ order, first: 2 })).toEqual(page(['e', 'd'], false, true));
    expect(await users.page({ order, first: 2, after: users.at('d', order) })).toEqual(page(['c', 'b'], true, true));
    expect(await users.page({ order, last: 2 })).toEqual(page(['b', 'a'], true, false));
  });

  it('serves by email, whatever the creation order', async () => {
    const users = await directory({ carl: {}, anna: {}, bob: {} });
    const order = 'EMAIL_ASC';
    expect(await users.page({ order, first: 2 })).toEqual(page(['anna', 'bob'], false, true));
    expect(await users.page({ order, first: 2, after: users.at('bob', order) })).toEqual(page(['carl'], true, false));
  });

  it('breaks ties of creation time by id, both ways', async () => {
    const [first, second, third] = sortedIds(3);
    const users = await directory({
      x: { id: second!, createdAt: minute(1) },
      y: { id: third!, createdAt: minute(1) },
      z: { id: first!, createdAt: minute(1) },
    });
    expect((await users.page({ order: 'CREATED_AT_ASC' })).names).toEqual(['z', 'x', 'y']);
    expect((await users.page({ order: 'CREATED_AT_DESC' })).names).toEqual(['y', 'x', 'z']);
    expect(await users.page({ first: 1, after: users.at('x') })).toEqual(page(['y'], true, false));
  });
});

describe('listUsers, filters', () => {
  const mixed = () =>
    directory({
      ann: { active: true },
      anna: { active: true, role: 'ADMIN' },
      bob: {},
      cy: { active: true, suspendedUntil: null },
      dee: { active: true, suspendedUntil: tomorrow() },
      eve: { active: true, suspendedUntil: yesterday() },
      fay: { active: true, role: 'ADMIN', suspendedUntil: null },
    });

  it.each([
    [{ active: false }, ['bob']],
    [{ active: true }, ['ann', 'anna', 'cy', 'dee', 'eve', 'fay']],
    [{ suspended: true }, ['cy', 'dee', 'fay']],
    [{ suspended: false }, ['ann', 'anna', 'bob', 'eve']],
    [{ role: 'ADMIN' as const }, ['anna', 'fay']],
    [{ emailStartsWith: 'ann' }, ['ann', 'anna']],
    [{ role: 'ADMIN' as const, suspended: false, active: true }, ['anna']],
    [{ emailStartsWith: 'zed' }, []],
  ])('%j selects %j', async (filter, names) => {
    expect(await (await mixed()).page({ filter })).toEqual(page(names, false, false));
  });

  it('pages within the filter: rows outside it count for neither flag', async () => {
    const users = await mixed();
    const filter = { role: 'ADMIN' as const };
    expect(await users.page({ filter, first: 1, after: users.at('ann') })).toEqual(page(['anna'], false, true));
    expect(await users.page({ filter, last: 1, before: users.at('fay') })).toEqual(page(['anna'], false, true));
    expect(await users.page({ filter, first: 1, after: users.at('anna') })).toEqual(page(['fay'], true, false));
    expect(await users.page({ filter, last: 1, before: users.at('eve') })).toEqual(page(['anna'], false, true));
  });
});
