import { z } from 'zod';
import type { KeysetPage, PageRequest } from '../../application/shared/keyset-page.ts';
import type { Cursor } from './cursors.ts';
import { failure } from './field-error-codes.ts';
import { ValidationError } from './validation-error.ts';

/** `first` or `last` of every connection: GraphQL's Int has already refused what is not an integer. */
export const pageSize = {
  schema: z
    .number()
    .refine((size) => size >= 1, failure('OUT_OF_RANGE', 'Must be at least 1'))
    .refine((size) => size <= 100, failure('OUT_OF_RANGE', 'Must be at most 100')),
};

/** Relay's arguments as a connection field takes them, any of them left out or null. */
export interface PageArguments {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/**
 * Relay's arguments as the use cases take them: the cursors decoded, GraphQL's nulls as left out.
 * A page is counted from one end: `first` and `last` together are refused, as Relay advises.
 */
export function pageRequest<Position>(args: PageArguments, cursor: Cursor<Position>): PageRequest<Position> {
  if (args.first != null && args.last != null) {
    throw new ValidationError([{ path: ['last'], message: 'Give first or last, not both', code: 'CONFLICTING_ARGUMENTS' }]);
  }
  return {
    first: args.first ?? undefined,
    last: args.last ?? undefined,
    after: cursor.decode(args.after, 'after'),
    before: cursor.decode(args.before, 'before'),
  };
}

/** A list's filter as its use case takes it: GraphQL's explicit nulls mean "no condition", as left-out fields do. */
export function conditionsOf<Filter extends object>(filter: Filter | null | undefined) {
  return Object.fromEntries(Object.entries(filter ?? {}).filter(([, value]) => value != null)) as {
    [Key in keyof Filter]?: NonNullable<Filter[Key]>;
  };
}

/**
 * A boolean computed when GraphQL reads it: graphql-js awaits whatever thenable a field resolves
 * to, so the check behind it runs only if the client selected the field, and once however many
 * aliases select it. Typed as the boolean that Pothos' PageInfo shape wants, which is what the
 * client gets; nothing but GraphQL reads it.
 */
const onDemand = (check: () => Promise<boolean>): boolean => {
  let checked: Promise<boolean> | undefined;
  const thenable: PromiseLike<boolean> = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, so that it runs only when awaited
    then: (resolve, reject) => {
      checked ??= check();
      return checked.then(resolve, reject);
    },
  };
  return thenable as unknown as boolean;
};

/** A keyset page as every connection type serves it: its items as edges, each with its cursor. */
export function toConnection<Item>(page: KeysetPage<Item>, cursorOf: (item: Item) => string) {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: onDemand(page.hasNextPage),
      hasPreviousPage: onDemand(page.hasPreviousPage),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
