import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { errorLogFormat } from './error-log-format.ts';

export type { Logger };

/**
 * JSON lines on stdout. Nothing here ever receives a password or a hash: see the redact list, and
 * how errors are written (database errors without their message).
 */
export function createLogger(level: Config['logLevel'], destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: ['*.password', '*.passwordHash', 'req.headers.authorization'],
      serializers: { err: errorLogFormat },
    },
    destination ?? process.stdout,
  );
}
