/** Relay's arguments: `first` (with `after`) pages forward, `last` (with `before`) back. */
export interface PageRequest<Position> {
  first?: number | undefined;
  after?: Position | undefined;
  last?: number | undefined;
  before?: Position | undefined;
}

/** What a list's store is asked for: a slice of the list, in its order, by keyset. */
export interface KeysetRange<Position> {
  /** Only rows after this position (at it too, when `inclusive`). */
  after?: Position | undefined;
  /** Only rows before this position (at it too, when `inclusive`). */
  before?: Position | undefined;
  inclusive?: boolean;
  /** Take the last `limit` rows of the range rather than the first; they still come in order. */
  fromEnd: boolean;
  limit: number;
}

export interface KeysetPage<Item> {
  items: Item[];
  /**
   * Whether rows lie beyond each end of the page. Asked for, not given: the side of the cursor a
   * client came from costs a query of its own, which a client paging on seldom wants.
   */
  hasNextPage: () => Promise<boolean>;
  hasPreviousPage: () => Promise<boolean>;
}

const defaultPageSize = 20;

/**
 * A page by keyset (never by offset): as fast deep in a list as on its first page. One row more
 * than asked tells whether the next page exists; for the other side, whether any row lies on the
 * far side of the cursor (the cursor's own row included).
 */
export async function keysetPage<Item, Position>(
  request: PageRequest<Position>,
  slice: (range: KeysetRange<Position>) => Promise<Item[]>,
): Promise<KeysetPage<Item>> {
  const { after, before } = request;
  // `last`, or `before` alone, is the page that ends at the cursor.
  const backwards = request.first === undefined && (request.last !== undefined || before !== undefined);
  const size = (backwards ? request.last : request.first) ?? defaultPageSize;
  const rows = await slice({ after, before, fromEnd: backwards, limit: size + 1 });
  const more = rows.length > size;
  // Going back, the extra row (if any) is the first one.
  const items = backwards ? rows.slice(Math.max(0, rows.length - size)) : rows.slice(0, size);
  const beyond = (side: 'after' | 'before', position: Position | undefined) => async () =>
    position !== undefined && (await slice({ [side]: position, inclusive: true, fromEnd: false, limit: 1 })).length > 0;
  const known = async () => more;
  return {
    items,
    hasNextPage: backwards ? beyond('after', before) : known,
    hasPreviousPage: backwards ? known : beyond('before', after),
  };
}
