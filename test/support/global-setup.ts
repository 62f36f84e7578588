import type { TestProject } from 'vitest/node';
import { probeServices, type Services } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: Services;
  }
}

/** Asks PostgreSQL, Redis and the browser once for the whole run; test files read the answer with `inject`. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('services', await probeServices());
}
