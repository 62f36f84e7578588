import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { backoffMs } from '../../src/webhooks/backoff.ts';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import type { ClaimedDelivery, WebhookQueue } from '../../src/webhooks/webhook-queue.ts';
import type { SendOutcome, WebhookSending } from '../../src/webhooks/webhook-sender.ts';
import { patienceMs } from '../support/patience.ts';
import { until } from '../support/until.ts';

const url = 'https://user:pass@hooks.example/in?token=secret';

/** A delivery of event `position`, after `attempts` earlier attempts. */
const delivery = (position: number, attempts = 0): ClaimedDelivery => ({
  eventPosition: position,
  attempts,
  message: { id: `event-${position}`, type: 'UserCreated', body: '{}' },
});

/** A queue whose claims hand out these batches, one per round, and that records what the worker says. */
function scriptedQueue(...batches: ClaimedDelivery[][]) {
  const calls: string[] = [];
  const queue: WebhookQueue = {
    follow: async () => {},
    fanOut: async () => 0,
    claim: async () => batches.shift() ?? [],
    delivered: async (_url, positions) => void calls.push(`delivered ${positions.join(',')}`),
    attemptFailed: async (_url, position, error, retryAt) =>
      void calls.push(`failed ${position} ${error} ${retryAt ? 'retry' : 'for good'}`),
    release: async (_url, positions) => void calls.push(`released ${positions.join(',')}`),
    retryNow: async () => {
      calls.push('retries due now');
      return 0;
    },
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
    eventTypes: ['UserCreated'],
    maxAttempts,
    timeoutMs: 1000,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    logger,
    pollMs: 10,
  });
  return { instance, logs };
}

describe('the delivery worker', () => {
  it('sends a claim at once and records each outcome; a failure is retried later, the last allowed attempt fails it for good', async () => {
    // Event 1 has had one attempt already: with maxAttempts 2, its failure is its last.
    const { queue, calls } = scriptedQueue([delivery(1, 1), delivery(2), delivery(3), delivery(4)]);
    const outcomes: Record<string, SendOutcome> = {
      'event-1': { ok: false, error: 'ECONNREFUSED' },
      'event-2': { ok: true },
      'event-3': { ok: false, error: 'HTTP 500' },
      'event-4': { ok: true },
    };
    const { instance, logs } = worker(queue, async (_url, message) => outcomes[message.id]!, 2);
    instance.start();
    await until(() => calls.filter((call) => !call.startsWith('retries')).length >= 3, patienceMs);
    await instance.stop();
    expect(calls.filter((call) => !call.startsWith('retries')).sort()).toEqual([
      'delivered 2,4',
      'failed 1 ECONNREFUSED for good',
      'failed 3 HTTP 500 retry',
    ]);
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
      msg: 'webhook delivery failed: trying again later; later events of this user wait',
    });
    expect(logs.join('')).not.toMatch(/secret|pass/);
  });

  it('records a delivery as it lands, while the other attempts of its claim are still under way', async () => {
    const { queue, calls } = scriptedQueue([delivery(1), delivery(2)]);
    const { instance } = worker(queue, (_url, message, signal) =>
      message.id === 'event-1'
        ? Promise.resolve({ ok: true })
        : new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: 'stopped', aborted: true }))),
    );
    instance.start();
    await until(() => calls.includes('delivered 1'), patienceMs);
    await instance.stop();
    expect(calls.filter((call) => !call.startsWith('retries'))).toEqual(['delivered 1', 'released 2']);
  });

  it('records the deliveries that land together in one write', async () => {
    const { queue, calls } = scriptedQueue([delivery(1), delivery(2), delivery(3)]);
    const { instance } = worker(queue, async () => ({ ok: true }));
    instance.start();
    await until(() => calls.some((call) => call.startsWith('delivered')), patienceMs);
    await instance.stop();
    expect(calls.filter((call) => call.startsWith('delivered'))).toEqual(['delivered 1,2,3']);
  });

  it('on stop, cuts the attempts under way and gives back their claims, without counting an attempt', async () => {
    const { queue, calls } = scriptedQueue([delivery(1), delivery(2), delivery(3)]);
    let started = 0;
    const { instance } = worker(queue, (_url, _message, signal) => {
      started += 1;
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: 'stopped', aborted: true })));
    });
    instance.start();
    await until(() => started === 3, patienceMs);
    await instance.stop();
    expect(calls.sort()).toEqual(['released 1', 'released 2', 'released 3']);
  });

  it('after a first attempt failed, makes the waiting retries due at the next success; an event refused among successes waits its turn', async () => {
    // Round 1: event 1 is refused at its first attempt, event 2 goes through. Round 2: a retry is
    // refused again (no receiver down there), then round 3 goes through.
    const { queue, calls } = scriptedQueue([delivery(1), delivery(2)], [delivery(1, 1)], [delivery(3)]);
    const { instance } = worker(queue, async (_url, message) =>
      message.id === 'event-1' ? { ok: false, error: 'HTTP 422' } : { ok: true },
    );
    instance.start();
    await until(() => calls.includes('delivered 3'), patienceMs);
    await instance.stop();
    expect(calls).toEqual(['failed 1 HTTP 422 retry', 'delivered 2', 'retries due now', 'failed 1 HTTP 422 retry', 'delivered 3']);
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
