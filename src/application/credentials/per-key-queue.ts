/** Runs the tasks of one key one after another, and the tasks of different keys side by side. */
export class PerKeyQueue {
  /** The last task queued for each key, settled or not; a key leaves the map once its queue is empty. */
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.#tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.catch(() => {});
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
