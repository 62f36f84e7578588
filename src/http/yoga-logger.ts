import type { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { requestScope } from './request-id.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Yoga's log lines go to the service's logger, but for the unexpected errors that `isKnownFault`
 * takes up (a database outage, logged once for its whole length): those each go at debug, so an
 * outage is not one error line per failed request. When it takes a probe to tell, the line waits
 * for its answer.
 */
export function yogaLogger(logger: Logger, isKnownFault: (error: unknown) => boolean | Promise<boolean>): YogaLogger {
  // Each line carries the id of the request it was written for.
  const write = (level: Level, [first, ...rest]: unknown[], fields = { ...requestScope.getStore() }) => {
    const line =
      first instanceof Error
        ? [{ err: first, ...fields }, ...rest]
        : typeof first === 'object'
          ? [{ ...first, ...fields }, ...rest]
          : [fields, first, ...rest];
    (logger[level] as (...line: unknown[]) => void).apply(logger, line);
  };
  return {
    debug: (...args) => write('debug', args),
    info: (...args) => write('info', args),
    warn: (...args) => write('warn', args),
    error: (...args) => {
      const known =
        args.map((arg) => isKnownFault((arg as GraphQLError | undefined)?.originalError ?? arg)).find((verdict) => verdict !== false) ??
        false;
      // A message of our own: pino would take the error's, which may quote a statement and its values.
      const line = args[0] instanceof Error ? [args[0], 'unexpected error'] : args;
      if (typeof known === 'boolean') return write(known ? 'debug' : 'error', line);
      // The request's fields as they are now: the probe may answer after the request has ended.
      const fields = { ...requestScope.getStore() };
      void known.then((outage) => write(outage ? 'debug' : 'error', line, fields));
    },
  };
}
