import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';
import { errorLogFormat } from './error-log-format.ts';

export type { Logger };

/**
 * Where a person reads the log: a terminal, outside production. There, lines are made readable by
 * pino-pretty (loaded only then); anywhere else they stay JSON, for machines.
 */
export async function terminalDestination(production: boolean): Promise<NodeJS.WritableStream | undefined> {
  if (production || !process.stdout.isTTY) return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({ translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
}

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
