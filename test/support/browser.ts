import { serviceAvailable } from './service-available.ts';

export { chromiumPath } from './services.ts';

/** False only where no browser is found and none is required: the browser suite is then skipped, and the summary says why. */
export const browserAvailable = serviceAvailable('browser');
