import { inject, TestRunner } from 'vitest';
import { missingLine, probeServices, type Services } from './services.ts';

declare module 'vitest' {
  export interface TaskMeta {
    /** The services this test file asked for: the summary names them beside its results. */
    services?: (keyof Services)[];
  }
}

/**
 * Whether `key` answered when the run began; notes on the test file that it asked, for the summary.
 * Missing while `REQUIRE_…=1`: the file fails with one line saying what and where.
 */
/** Benchmarks import the databases too, outside vitest: they ask the services themselves. */
const outsideVitest = process.env.VITEST ? undefined : await probeServices();

export function serviceAvailable(key: keyof Services): boolean {
  if (outsideVitest) return !outsideVitest[key].missing;
  const file = TestRunner.getCurrentSuite()?.file;
  if (file) file.meta.services = [...new Set([...(file.meta.services ?? []), key])];
  const service = inject('services')[key];
  if (service.missing && service.required) {
    const error = new Error(`REQUIRE_${key.toUpperCase()}=1, but ${missingLine(service)}`);
    error.stack = error.message; // the reason is the whole story: no stack under it
    throw error;
  }
  return !service.missing;
}
