import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { backoffMs } from '../../src/infrastructure/webhooks/backoff.ts';
import { DeliveryWorker } from '../../src/infrastructure/webhooks/delivery-worker.ts';
import type { ClaimedDelivery, WebhookQueue } from '../../src/infrastructure/webhooks/webhook-queue.ts';
import type { SendOutcome, WebhookSending } from '../../src/infrastructure/webhooks/webhook-sender.ts';
import { until } from '../support/process-client.ts';

const url = 'https://user:pass@hooks.example/in?token=secret';

/** A queue of `count` deliveries to `url` that claims them all at once and records what the worker says. */
function scriptedQueue(count: number) {
  const calls: string[] = [];
  let claimed = false;
  const queue: WebhookQueue = {
    claim: async () => {
      if (claimed) return [];
      claimed = true;
      return Array.from(
        { length: count },
        (_, i): ClaimedDelivery => ({
          eventPosition: i + 1,
          attempts: i === 0 ? 1 : 0,
          message: { id: `event-${i + 1}`, type: 'UserCreated', body: '{}' },
        }),
      );
    },
    delivered: async (_url, positions) => void calls.push(`delivered ${positions.join(',')}`),
    attemptFailed: async (_url, position, error, retryAt) =>
      void calls.push(`failed ${position} ${error} ${retryAt ? 'retry' : 'for good'}`),
    release: async (_url, positions) => void calls.push(`released ${positions.join(',')}`),
    pendingUrls: async () => [url],
  };
  return { queue, calls };
}

function worker(queue: WebhookQueue, send: WebhookSending['send'], maxAttempts = 3) {
  const logs: string[] = [];
  const logger = createLogger('info', new Writable({ write: (line, _encoding, done) => done(void logs.push(String(line))) }));
  const instance = new DeliveryWorker({
    queue,
    sender: { send },
    urls: [url],
    maxAttempts,
    timeoutMs: 1000,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    logger,
  });
  return { instance, logs };
}

describe('the delivery worker', () => {
  it('sends in order; a failure holds the rest back (given back unsent), the last allowed attempt fails it for good', async () => {
    const { queue, calls } = scriptedQueue(4);
    const outcomes: SendOutcome[] = [{ ok: true }, { ok: false, error: 'HTTP 500' }, { ok: true }, { ok: false, error: 'HTTP 503' }];
    // Event 1 has had one attempt already: with maxAttempts 2, its failure is its last.
    const sent: string[] = [];
    const { instance, logs } = worker(
      queue,
      async (_url, message) => {
        sent.push(message.id);
        return outcomes.shift()!;
      },
      2,
    );
    outcomes.unshift({ ok: false, error: 'ECONNREFUSED' });
    instance.start();
    await until(() => calls.length >= 4, 2000);
    await instance.stop();
    expect(sent).toEqual(['event-1', 'event-2', 'event-3']);
    expect(calls).toEqual(['failed 1 ECONNREFUSED for good', 'failed 3 HTTP 500 retry', 'delivered 2', 'released 4']);
    const lines = logs.map((line) => JSON.parse(line));
    expect(lines.find((line) => line.msg.startsWith('webhook delivery failed for good'))).toMatchObject({
      level: 50,
      eventId: 'event-1',
      url: 'https://hooks.example/in?…',
      attempts: 2,
      error: 'ECONNREFUSED',
    });
    expect(lines.find((line) => line.msg.startsWith('webhook delivery failed: trying again later'))).toMatchObject({
      level: 40,
      eventId: 'event-3',
    });
    expect(logs.join('')).not.toMatch(/secret|pass/);
  });

  it('on stop, cuts the attempt under way and gives back the claim, the cut one included, without counting an attempt', async () => {
    const { queue, calls } = scriptedQueue(3);
    let started = false;
    const { instance } = worker(queue, (_url, _message, signal) => {
      started = true;
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: 'stopped', aborted: true })));
    });
    instance.start();
    await until(() => started, 2000);
    await instance.stop();
    expect(calls).toEqual(['released 1,2,3']);
  });
});

describe('the backoff', () => {
  it('doubles from the base up to the cap, less a random half at most', () => {
    const policy = { baseMs: 1000, maxMs: 900_000 };
    expect([1, 2, 3, 10, 11, 30].map((attempt) => backoffMs(attempt, policy, () => 1))).toEqual([
      1000, 2000, 4000, 512_000, 900_000, 900_000,
    ]);
    expect([1, 2, 11].map((attempt) => backoffMs(attempt, policy, () => 0))).toEqual([500, 1000, 450_000]);
  });
});
