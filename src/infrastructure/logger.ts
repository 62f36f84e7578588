import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/** JSON lines on stdout. Nothing here ever receives a password or a hash: see the redact list. */
export function createLogger(level: Config['logLevel'], destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: ['*.password', '*.passwordHash', 'req.headers.authorization'] },
    destination ?? process.stdout,
  );
}
