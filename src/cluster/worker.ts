import cluster from 'node:cluster';

/** What a cluster's primary asks of its workers, over their IPC channel. */
export type PrimaryRequest = { type: 'user-management:stop'; signal: NodeJS.Signals } | { type: 'user-management:force'; reason: string };

/**
 * In a cluster's worker: the primary passes SIGTERM and SIGINT on as `stop` (drain as on a signal)
 * and a second one as `force` (exit now). Messages rather than signals, so that a signal which
 * reached the worker too — Ctrl-C, or systemd signalling the whole group — does not count twice.
 */
export function obeyPrimary(handlers: { stop(signal: NodeJS.Signals): void; force(reason: string): void }): void {
  if (!cluster.isWorker) return;
  process.on('message', (message: PrimaryRequest) => {
    if (message?.type === 'user-management:stop') handlers.stop(message.signal);
    if (message?.type === 'user-management:force') handlers.force(message.reason);
  });
}
