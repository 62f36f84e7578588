import { ConfigError, loadConfig } from '../../src/config/load-config.ts';

/** The problems a refused environment is refused for, one `VARIABLE: why` each. */
export function refusedProblems(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the environment was accepted');
}
