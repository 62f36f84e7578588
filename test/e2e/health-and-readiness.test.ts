import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { openMigratedOrm, sqliteBackend } from '../support/databases.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { startServer } from '../support/server.ts';

const allOk = { database: 'ok', migrations: 'ok', rateLimitStore: 'ok' };

const cleanups = cleanupsAfterEach();

async function probe(origin: string, path: '/health' | '/ready', method = 'GET') {
  const response = await fetch(`${origin}${path}`, { method });
  return { status: response.status, body: method === 'HEAD' ? null : await response.json() };
}

/** A server whose database (or Redis) goes through a fault proxy. */
async function behindProxy(target: 'postgresql' | 'redis') {
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: target === 'redis' ? Number(new URL(redisUrl).port || 6379) : 5432 });
  const database = target === 'redis' ? await sqliteBackend.create() : await createPostgresDatabase();
  const proxied = new URL(target === 'redis' ? redisUrl : database.url);
  proxied.port = String(proxy.port);
  const environment = target === 'redis' ? { REDIS_URL: proxied.toString() } : {};
  const server = await startServer({
    DATABASE_URL: target === 'redis' ? database.url : proxied.toString(),
    ...environment,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
  });
  cleanups.push(
    () => database.drop(),
    () => proxy.close(),
    () => server.close(),
  );
  return { proxy, server };
}

describe('GET /health (liveness) and GET /ready (readiness)', () => {
  it('answer 200 on a migrated database, to GET and HEAD only', async () => {
    const database = await sqliteBackend.create();
    const server = await startServer({ DATABASE_URL: database.url });
    cleanups.push(
      () => database.drop(),
      () => server.close(),
    );
    expect(await probe(server.origin, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe(server.origin, '/ready')).toEqual({ status: 200, body: { status: 'ok', checks: allOk } });
    expect(await probe(server.origin, '/ready', 'HEAD')).toEqual({ status: 200, body: null });
    for (const path of ['/health', '/ready'] as const) {
      expect(await probe(server.origin, path, 'POST')).toEqual({ status: 405, body: { status: 'method not allowed' } });
    }
  });

  it('say "migrations: pending" until the migrations have run, with MIGRATE_ON_START=false', async () => {
    const database = await sqliteBackend.create();
    const server = await startServer({ DATABASE_URL: database.url, MIGRATE_ON_START: 'false' });
    cleanups.push(
      () => database.drop(),
      () => server.close(),
    );
    expect(await probe(server.origin, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe(server.origin, '/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { ...allOk, migrations: 'pending' } },
    });
    await (await openMigratedOrm(database.url)).close();
    expect(await probe(server.origin, '/ready')).toEqual({ status: 200, body: { status: 'ok', checks: allOk } });
  });

  it.skipIf(!postgresAvailable)('keep liveness at 200 while PostgreSQL is cut off; readiness names it', async () => {
    const { proxy, server } = await behindProxy('postgresql');
    expect((await probe(server.origin, '/ready')).status).toBe(200);
    await proxy.cut();
    expect(await probe(server.origin, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    // The rate-limit counts live in the same database, so they are down with it.
    expect(await probe(server.origin, '/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'down', migrations: 'ok', rateLimitStore: 'down' } },
    });
    await proxy.restore();
    expect(await probe(server.origin, '/ready')).toEqual({ status: 200, body: { status: 'ok', checks: allOk } });
  });

  it.skipIf(!redisAvailable)('name the rate-limit store when Redis is cut off', async () => {
    const { proxy, server } = await behindProxy('redis');
    await proxy.cut();
    expect(await probe(server.origin, '/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { ...allOk, rateLimitStore: 'down' } },
    });
    expect((await probe(server.origin, '/health')).status).toBe(200);
  });
});
