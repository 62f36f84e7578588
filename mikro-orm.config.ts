import { DEFAULT_DATABASE_URL } from './src/config/database-url.ts';
import { loadEnvFile } from './src/config/env-file.ts';
import { ormConfig } from './src/infrastructure/mikro-orm/orm-config.ts';

/**
 * For the `mikro-orm` CLI (`npm run migrate`, `npm run migration:create`): the settings of
 * DATABASE_URL. The app does not import this file: its configuration is checked first, so a bad
 * DATABASE_URL is one clear line, not an exception thrown while modules load.
 */
loadEnvFile();
export default ormConfig(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
