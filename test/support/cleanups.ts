import { afterEach } from 'vitest';

export type Cleanups = (() => Promise<unknown>)[];

/** What each test must undo (servers, proxies, databases): run after it, last first, pass or fail. */
export function cleanupsAfterEach(): Cleanups {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}
