import { serviceAvailable } from './service-available.ts';

export { redisUrl } from './services.ts';

/** False only where Redis is missing and not required: those suites are then skipped, and the summary says why. */
export const redisAvailable = serviceAvailable('redis');
