import { type Config, ConfigError, loadConfig } from './config.ts';
import { loadEnvFile } from './env-file.ts';

/**
 * The configuration of a command (`npm start`, `npm run admin:grant`, `npm run seed`): `.env`, then
 * the environment, checked. A bad value ends the process with one message naming each culprit.
 */
export function environmentConfigOrExit(): Config {
  loadEnvFile();
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
