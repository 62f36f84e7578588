/**
 * `npm run bench:webhook-catch-up`: the memory of a server that catches up a webhook backlog.
 *
 * On each backend, a fresh database and a server as production runs it (`npm start`), following
 * one URL answered at once by a receiver in a process of its own. Once the server is idle, the
 * bench writes BENCH_EVENTS sign-up events (default 20000) to the outbox, 1000 a transaction, as
 * other processes would; the server fans them out and sends them. Its resident memory is read
 * idle before, at its peak while catching up, and idle after. The delivery worker pages the
 * backlog (100 events a fan-out, 10 deliveries a claim), so the peak should stay within idle + 64 MiB.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { User } from '../src/domain/user.ts';
import { OutboxRecord, outboxRecordOf } from '../src/infrastructure/outbox-record.ts';
import { databaseBackends, openMigratedOrm } from '../test/support/databases.ts';
import { quiet, resetPeak, residentMiB } from './support/process-stats.ts';
import { startProductionServer } from './support/production-server.ts';
import { startReceiverProcess } from './support/webhook-receiver-process.ts';

const events = Number(process.env.BENCH_EVENTS ?? 20_000);
const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const mib = (value: number) => `${Math.round(value)} MiB`;

/** `count` UserCreated events as the unit of work writes them, each of a user of its own. */
function signUpEvents(count: number) {
  return Array.from({ length: count }, () => {
    const user = new User({ name: 'Bench', surname: 'Mark', email: `${randomUUID()}@bench.example`, passwordHash: '$argon2id$v=19$bench' });
    return outboxRecordOf(user.recordedEvents()[0]!);
  });
}

console.log('| backend | events | catch-up | events/s | RSS idle before | RSS peak | RSS idle after | peak − idle |');
console.log('|---|---|---|---|---|---|---|---|');
for (const backend of databaseBackends.filter(({ available }) => available)) {
  const database = await backend.create();
  const orm = await openMigratedOrm(database.url);
  const receiver = await startReceiverProcess();
  const server = await startProductionServer(
    { DATABASE_URL: database.url, WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: secret },
    join(tmpdir(), `webhook-catch-up-${backend.name}.log`),
  );
  try {
    await quiet(server.pid);
    const idle = residentMiB(server.pid).now;
    resetPeak(server.pid);
    const started = performance.now();
    for (let written = 0; written < events; written += 1000) {
      await orm.em.fork().insertMany(OutboxRecord, signUpEvents(Math.min(1000, events - written)));
    }
    const delivered = async () =>
      Number((await orm.em.getConnection().execute("select count(*) as n from webhook_deliveries where status = 'delivered'"))[0].n);
    while ((await delivered()) < events) await sleep(250);
    const seconds = (performance.now() - started) / 1000;
    const peak = residentMiB(server.pid).peak;
    await quiet(server.pid);
    await sleep(5000);
    const after = residentMiB(server.pid).now;
    console.log(
      `| ${backend.name} | ${events} | ${seconds.toFixed(1)} s | ${Math.round(events / seconds)} | ${mib(idle)} | ${mib(peak)} | ${mib(after)} | ${mib(peak - idle)} |`,
    );
  } finally {
    await server.stop();
    receiver.stop();
    await orm.close();
    await database.drop();
  }
}
