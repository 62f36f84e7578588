import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ListAuditEventsInput, listAuditEvents } from '../../../../src/application/audit/list-audit-events.ts';
import { InMemoryAuditTrail } from '../../../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUserStore } from '../../../../src/infrastructure/in-memory/user-store.ts';
import { testEmailHash } from '../../../support/in-memory-deps.ts';

/** Failed checks named by their email, recorded in the order given (oldest first), one minute apart. */
async function trailOf(names: string[], userId: (name: string) => string | null = () => null) {
  const trail = new InMemoryAuditTrail(new InMemoryUserStore());
  const ids = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    const id = randomUUID();
    ids.set(id, name);
    const occurredAt = new Date(Date.UTC(2026, 0, 1, 0, i));
    await trail.record({
      id,
      type: 'SignInFailed',
      occurredAt,
      userId: userId(name),
      actor: { kind: 'ANONYMOUS' },
      reason: 'UNKNOWN_EMAIL',
      emailHash: testEmailHash(`${name}@doe.com`),
      clientAddress: '192.0.2.1',
    });
  }
  const all = await trail.page({ limit: 1000 });
  return {
    /** The position of a name's row: what a cursor carries. */
    at: (name: string) => all.find(({ id }) => ids.get(id) === name)!.position,
    page: async (input: Partial<ListAuditEventsInput>) => {
      const { items, hasNextPage, hasPreviousPage } = await listAuditEvents({ filter: {}, ...input }, { auditTrail: trail });
      return { names: items.map(({ id }) => ids.get(id)), hasNextPage: await hasNextPage(), hasPreviousPage: await hasPreviousPage() };
    },
  };
}

const page = (names: string[], hasPreviousPage: boolean, hasNextPage: boolean) => ({ names, hasNextPage, hasPreviousPage });
// Newest first: e, d, c, b, a.
const fiveEvents = () => trailOf(['a', 'b', 'c', 'd', 'e']);

describe('listAuditEvents, forward (first, after): on to older events', () => {
  it('tells a next page by one row more, and a previous one by any row at or newer than `after`', async () => {
    const trail = await fiveEvents();
    expect(await trail.page({ first: 2 })).toEqual(page(['e', 'd'], false, true));
    expect(await trail.page({ first: 2, after: trail.at('d') })).toEqual(page(['c', 'b'], true, true));
    expect(await trail.page({ first: 2, after: trail.at('b') })).toEqual(page(['a'], true, false));
    expect(await trail.page({ first: 5 })).toEqual(page(['e', 'd', 'c', 'b', 'a'], false, false));
    expect(await trail.page({ first: 2, after: trail.at('a') })).toEqual(page([], true, false));
  });

  it('serves 20 events unless told', async () => {
    const names = Array.from({ length: 21 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const trail = await trailOf(names);
    const newestFirst = names.toReversed();
    expect(await trail.page({})).toEqual(page(newestFirst.slice(0, 20), false, true));
    expect(await trail.page({ after: trail.at('n01') })).toEqual(page(['n00'], true, false));
  });
});

describe('listAuditEvents, backward (last, before): back to newer events', () => {
  it('answers the events just newer than `before`, newest first; a previous page by one row more, a next one by any row at or older than `before`', async () => {
    const trail = await fiveEvents();
    expect(await trail.page({ last: 2 })).toEqual(page(['b', 'a'], true, false));
    expect(await trail.page({ last: 2, before: trail.at('b') })).toEqual(page(['d', 'c'], true, true));
    expect(await trail.page({ last: 2, before: trail.at('d') })).toEqual(page(['e'], false, true));
    expect(await trail.page({ last: 5 })).toEqual(page(['e', 'd', 'c', 'b', 'a'], false, false));
    expect(await trail.page({ last: 2, before: trail.at('e') })).toEqual(page([], false, true));
  });

  it('takes `before` alone as the page that ends at it, at the default size', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const trail = await trailOf(names);
    expect(await trail.page({ before: trail.at('n01') })).toEqual(page(names.slice(2, 22).toReversed(), true, true));
  });

  it('pages within `after` and `before` together', async () => {
    const trail = await fiveEvents();
    expect(await trail.page({ first: 5, after: trail.at('e'), before: trail.at('a') })).toEqual(page(['d', 'c', 'b'], true, false));
    expect(await trail.page({ last: 2, after: trail.at('e'), before: trail.at('a') })).toEqual(page(['c', 'b'], true, true));
  });
});

describe('listAuditEvents with a filter', () => {
  it('pages and tells what lies beyond among the matching events only', async () => {
    const [ada, bea] = [randomUUID(), randomUUID()];
    const trail = await trailOf(['a1', 'b1', 'a2', 'b2', 'a3', 'b3'], (name) => (name.startsWith('a') ? ada : bea));
    const filter = { userId: ada };
    expect(await trail.page({ filter, first: 2 })).toEqual(page(['a3', 'a2'], false, true));
    expect(await trail.page({ filter, first: 2, after: trail.at('a2') })).toEqual(page(['a1'], true, false));
    // b3 is newer than a3, but not ada's: nothing of hers comes before a3.
    expect(await trail.page({ filter, last: 2, before: trail.at('a1') })).toEqual(page(['a3', 'a2'], false, true));
    expect(await trail.page({ filter, first: 1, after: trail.at('b3') })).toEqual(page(['a3'], false, true));
  });
});
