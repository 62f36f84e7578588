import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './infrastructure/config.ts';
import { loadEnvFile } from './infrastructure/env-file.ts';
import { createLogger } from './infrastructure/logger.ts';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
loadEnvFile();
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
for (const warning of config.warnings) logger.warn(warning);

const app = await createApp(config, logger);
const address = await app.listen();
const shownHost = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.address;
logger.info({ port: address.port }, `GraphQL API and GraphiQL on http://${shownHost}:${address.port}/graphql`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    process.exit(0);
  });
}
