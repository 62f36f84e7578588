import { type Config, ConfigError, loadConfig } from './config.ts';
import { loadEnvFile } from './env-file.ts';
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
    const [heading, ...problems] = error.message.split('\n').map((line) => line.trim());
    createLogger('fatal').fatal({ problems }, `${heading} ${problems.join('; ')}`);
    process.exit(1);
  }
}
