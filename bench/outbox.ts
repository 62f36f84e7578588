/**
 * `npm run bench:outbox`: what the transactional outbox costs, and how fast webhooks go out.
 *
 * (a) On each backend, the commit of a sign-up (a new user) and of a sign-in (a loaded user, no
 *     change but its UserSignedIn event) through the real MikroORM unit of work, in two variants
 *     taken in turn, round after round, for BENCH_SECONDS each overall: without the event (cleared
 *     before the commit, so the sign-up is a plain flush and the sign-in writes nothing), and with
 *     the outbox row (all a commit writes: webhook deliveries are the worker's). Beside them, one
 *     argon2id hash and one verify at the production cost (64 MiB, t=3, p=4), which createUser and
 *     signIn pay.
 * (b) On each backend, BENCH_EVENTS events (default 2000) in the outbox after one URL's cursor,
 *     fanned out and sent by the real delivery worker (signing, HTTP, claims and updates) to a
 *     receiver in a process of its own that answers 200 at once: events per second, from the
 *     worker's start to the last delivery.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import argon2, { type HashOptions } from 'argon2';
import { User } from '../src/domain/user.ts';
import { selfActor } from '../src/domain/user-events.ts';
import { createLogger } from '../src/infrastructure/logger.ts';
import { MikroOrmUnitOfWork } from '../src/infrastructure/mikro-orm/unit-of-work.ts';
import { DeliveryWorker } from '../src/webhooks/delivery-worker.ts';
import { MikroOrmWebhookQueue } from '../src/webhooks/mikro-orm/mikro-orm-webhook-queue.ts';
import { WebhookDeliveryRecord } from '../src/webhooks/mikro-orm/webhook-tables.ts';
import { StandardWebhookSender } from '../src/webhooks/webhook-sender.ts';
import { databaseBackends, openMigratedOrm } from '../test/support/databases.ts';
import { startReceiverProcess } from './support/webhook-receiver-process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const events = Number(process.env.BENCH_EVENTS ?? 2000);
const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

const percentile = (values: number[], p: number) =>
  values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;

type Variant = 'no event' | 'outbox';
const variants: Variant[] = ['no event', 'outbox'];

const newUser = () =>
  new User({ name: 'Bench', surname: 'Mark', email: `${randomUUID()}@bench.example`, passwordHash: '$argon2id$v=19$bench' });

async function signUp(orm: MikroORM, variant: Variant): Promise<number> {
  const work = new MikroOrmUnitOfWork(orm.em.fork());
  const user = newUser();
  work.users.add(user);
  if (variant === 'no event') user.clearRecordedEvents();
  const started = performance.now();
  await work.commit();
  return performance.now() - started;
}

async function signIn(orm: MikroORM, variant: Variant, email: string): Promise<number> {
  const started = performance.now();
  const work = new MikroOrmUnitOfWork(orm.em.fork());
  const user = (await work.users.findByEmail(email))!;
  user.signIn(selfActor(user.id));
  if (variant === 'no event') user.clearRecordedEvents();
  await work.commit();
  return performance.now() - started;
}

async function commitCosts(orm: MikroORM): Promise<string[]> {
  const seeded = newUser();
  const seed = new MikroOrmUnitOfWork(orm.em.fork());
  seeded.activate(selfActor(seeded.id));
  seed.users.add(seeded);
  await seed.commit();
  const timings = new Map<string, number[]>();
  const until = performance.now() + seconds * 1000;
  for (let round = 0; performance.now() < until; round++) {
    for (const variant of variants) {
      const upTime = await signUp(orm, variant);
      const inTime = await signIn(orm, variant, seeded.email);
      // The first rounds warm connections and statement caches.
      if (round < 20) continue;
      for (const [key, value] of [
        [`createUser commit, ${variant}`, upTime],
        [`signIn load + commit, ${variant}`, inTime],
      ] as const) {
        timings.set(key, [...(timings.get(key) ?? []), value]);
      }
    }
  }
  return [...timings].map(
    ([key, values]) => `| ${key} | ${values.length} | ${ms(percentile(values, 0.5))} | ${ms(percentile(values, 0.99))} |`,
  );
}

async function argon2Costs(): Promise<string[]> {
  const options: HashOptions = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 4 };
  const hashes: number[] = [];
  const verifies: number[] = [];
  let hash = '';
  for (let i = 0; i < 7; i++) {
    let started = performance.now();
    hash = await argon2.hash('correct horse battery', options);
    hashes.push(performance.now() - started);
    started = performance.now();
    await argon2.verify(hash, 'correct horse battery');
    verifies.push(performance.now() - started);
  }
  return [
    `| argon2id hash (64 MiB, t=3, p=4) | 7 | ${ms(percentile(hashes, 0.5))} | ${ms(Math.max(...hashes))} (max) |`,
    `| argon2id verify | 7 | ${ms(percentile(verifies, 0.5))} | ${ms(Math.max(...verifies))} (max) |`,
  ];
}

async function throughput(orm: MikroORM): Promise<string> {
  const receiver = await startReceiverProcess();
  try {
    const queue = new MikroOrmWebhookQueue(orm);
    await queue.follow([receiver.url], new Date());
    for (let i = 0; i < events; i++) {
      const work = new MikroOrmUnitOfWork(orm.em.fork());
      work.users.add(newUser());
      await work.commit();
    }
    const quiet = createLogger('warn', new Writable({ write: (_line, _encoding, done) => done() }));
    const worker = new DeliveryWorker({
      queue,
      sender: new StandardWebhookSender(secret, 10_000),
      urls: [receiver.url],
      eventTypes: ['UserCreated'],
      maxAttempts: 10,
      timeoutMs: 10_000,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      logger: quiet,
      pollMs: 20,
    });
    const started = performance.now();
    worker.start();
    const em = orm.em.fork();
    while ((await em.count(WebhookDeliveryRecord, { url: receiver.url, status: 'delivered' })) < events) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = (performance.now() - started) / 1000;
    await worker.stop();
    return `| ${events} events to one URL | ${elapsed.toFixed(2)} s | ${Math.round(events / elapsed)} events/s |`;
  } finally {
    receiver.stop();
  }
}

for (const backend of databaseBackends.filter(({ available }) => available)) {
  const database = await backend.create();
  const orm = await openMigratedOrm(database.url);
  try {
    console.log(`\n### ${backend.name}\n`);
    console.log('| operation | samples | median | p99 |\n|---|---|---|---|');
    for (const line of await commitCosts(orm)) console.log(line);
    console.log('\n| delivery | time | throughput |\n|---|---|---|');
    console.log(await throughput(orm));
  } finally {
    await orm.close();
    await database.drop();
  }
}
console.log('\n| reference | samples | median | p99 |\n|---|---|---|---|');
for (const line of await argon2Costs()) console.log(line);
