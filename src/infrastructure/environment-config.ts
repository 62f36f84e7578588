import { loadEnvFile } from '../config/env-file.ts';
import { type Config, ConfigError, loadConfig } from '../config/load-config.ts';
import { createLogger } from './logger.ts';

/**
 * The configuration of a command (`npm start`, `npm run admin:grant`, `npm run seed`): `.env`, then
 * the environment, checked. A bad value ends the process with one JSON `fatal` line naming each
 * culprit, and exit code 1.
 */
export function environmentConfigOrExit(): Config {
  loadEnvFile();
  return checkedOrExit(() => loadConfig(process.env));
}

/** What `check` answers; a ConfigError it throws ends the process as a bad variable does. */
export function checkedOrExit<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One JSON line, like every other log line: `Invalid configuration: A: …; B: …`.
    createLogger('fatal').fatal({ problems: error.problems }, `Invalid configuration: ${error.problems.join('; ')}`);
    process.exit(1);
  }
}
