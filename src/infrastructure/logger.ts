import { type Logger, pino } from 'pino';
import type { LogLevel } from '../config/observability.ts';
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
 * how errors are written (database errors without their message). Written with pino's own
 * synchronous destination rather than through `process.stdout`'s stream: each line still reaches
 * stdout before the next statement runs, without a Writable's machinery per line (the access line
 * of every request: `{ __typename }` against bare Yoga 0.90-0.91 → 0.93-0.97, BENCHMARKS.md).
 */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: ['*.password', '*.passwordHash', 'req.headers.authorization', 'req.headers.cookie'],
      serializers: { err: errorLogFormat },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
