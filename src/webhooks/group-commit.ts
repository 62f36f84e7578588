/**
 * One write for what lands together: an item joins the next write, which starts as soon as the one
 * under way ends. Alone, an item is written at once; ten attempts landing together cost one or two
 * transactions (one fsync each on SQLite) instead of ten. Each caller's promise settles with the
 * write that holds its item.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let next: { items: T[]; written: Promise<void> } | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  return (item) => {
    if (!next) {
      const batch: { items: T[]; written?: Promise<void> } = { items: [] };
      batch.written = previous.then(() => {
        // Closed: what lands from now on waits for the next write.
        next = undefined;
        return write(batch.items);
      });
      previous = batch.written.catch(() => {});
      next = batch as { items: T[]; written: Promise<void> };
    }
    next.items.push(item);
    return next.written;
  };
}
