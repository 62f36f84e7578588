import { Writable } from 'node:stream';
import { createLogger } from '../../src/infrastructure/logger.ts';

/** The service's logger at `info`, its lines kept parsed for the test to read. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (line, _encoding, done) => done(void lines.push(JSON.parse(String(line)))) });
  return { logger: createLogger('info', sink), lines };
}
