import { loadEnvFile } from './src/config/env-file.ts';
import { DEFAULT_DATABASE_URL } from './src/config/values/database-url.ts';
import { ormConfig } from './src/infrastructure/mikro-orm/orm-config.ts';
import { webhookSchemas } from './src/webhooks/mikro-orm/webhook-tables.ts';

/**
 * For the `mikro-orm` CLI (`npm run migrate`, `npm run migration:create`): the settings of
 * DATABASE_URL. The app does not import this file: its configuration is checked first, so a bad
 * DATABASE_URL is one clear line, not an exception thrown while modules load.
 */
loadEnvFile();
const config = ormConfig(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
// With the outbox consumers' own tables, so that migration:create diffs every table.
export default { ...config, entities: [...(config.entities ?? []), ...webhookSchemas] };
