/**
 * `npm run bench:pages`: a keyset page deep in a large table should cost what the first page costs.
 * On each backend, seeds BENCH_USERS users (default 1,000,000) into a temporary database, then
 * times through the user directory the first page against the page after the row halfway down, as the
 * median of alternating pairs after a warm-up; and shows how the database plans that deep page.
 */
import { loadavg } from 'node:os';
import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import argon2 from 'argon2';
import { positionOf, type UserFilter, type UserListQuery, type UserOrder } from '../src/application/admin/user-list-query.ts';
import { seedUsers } from '../src/cli/seed-users.ts';
import { User } from '../src/domain/user.ts';
import { MikroOrmUserDirectory } from '../src/infrastructure/mikro-orm/user-directory.ts';
import { databaseBackends, openMigratedOrm } from '../test/support/databases.ts';

const users = Number(process.env.BENCH_USERS ?? 1_000_000);
const depth = Math.floor(users / 2);
const limit = 21;
const warmUpPairs = 3;
const pairs = 11;
const orders: UserOrder[] = ['CREATED_AT_ASC', 'EMAIL_ASC'];
// Every seeded user is an active USER whose email starts with `seed-`: each filter keeps every
// row, so the deep page stays `depth` rows deep, and the planner cannot skip the rows before it.
const filters: [string, UserFilter][] = [
  ['none', {}],
  ['role USER', { role: 'USER' }],
  ['emailStartsWith seed-', { emailStartsWith: 'seed-' }],
];

const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;

async function timeList(orm: MikroORM, query: UserListQuery): Promise<number> {
  const started = performance.now();
  const page = await new MikroOrmUserDirectory(orm).page(query);
  const elapsed = performance.now() - started;
  if (page.length !== limit) throw new Error(`expected a full page, got ${page.length} rows`);
  return elapsed;
}

/** The SQL the directory sends for a query, values inlined as MikroORM itself inlines them. */
async function sqlOf(orm: MikroORM, query: UserListQuery): Promise<string> {
  let sent = '';
  orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
    sent = orm.em.getPlatform().formatQuery(sql, [...params]);
    return sql;
  });
  await new MikroOrmUserDirectory(orm).page(query);
  orm.config.set('onQuery', (sql: string) => sql);
  return sent;
}

/** The deep page's plan in one line: PostgreSQL's nodes (and rows read only to be dropped), SQLite's steps. */
async function planOf(orm: MikroORM, sql: string): Promise<string> {
  const connection = orm.em.getConnection();
  if (orm.em.getPlatform() instanceof PostgreSqlPlatform) {
    const rows: { 'QUERY PLAN': string }[] = await connection.execute(`explain (analyze, costs off, timing off, summary off) ${sql}`);
    const lines = rows.map((row) => row['QUERY PLAN'].trim());
    const nodes = lines.filter((line) => !/^(Filter|Sort Key|Presorted Key|Full-sort|Index Cond|Rows Removed)/.test(line));
    const removed = lines.filter((line) => line.startsWith('Rows Removed')).join(', ');
    return [...nodes.map((line) => line.replace(/^-> +/, '').replace(/ \(actual.*$/, '')), removed].filter(Boolean).join(' → ');
  }
  const steps: { detail: string }[] = await connection.execute(`explain query plan ${sql}`);
  return steps.map(({ detail }) => detail).join('; ');
}

const rows: string[] = [];
const seedRates: string[] = [];
const plans: string[] = [];
for (const backend of databaseBackends.filter((candidate) => candidate.available)) {
  const database = await backend.create();
  const orm = await openMigratedOrm(database.url);
  try {
    const rate = await seedUsers(orm, { count: users, passwordHash: await argon2.hash('correct horse battery'), prefix: 'seed-' });
    seedRates.push(`${backend.name}: ${Math.round(rate)} rows/s`);
    // What autovacuum would do soon after a bulk load; SQLite plans without statistics, as the app runs it.
    if (orm.em.getPlatform() instanceof PostgreSqlPlatform) await orm.em.getConnection().execute('analyze users');

    for (const order of orders) {
      const orderBy = order === 'EMAIL_ASC' ? ({ email: 'asc', id: 'asc' } as const) : ({ createdAt: 'asc', id: 'asc' } as const);
      const [halfway] = await orm.em.fork().find(User, {}, { orderBy, offset: depth - 1, limit: 1 });
      for (const [filterName, filter] of filters) {
        const first: UserListQuery = { filter, order, fromEnd: false, limit };
        const deep: UserListQuery = { ...first, after: positionOf(halfway!, order) };
        for (let i = 0; i < warmUpPairs; i += 1) {
          await timeList(orm, first);
          await timeList(orm, deep);
        }
        const times = { first: [] as number[], deep: [] as number[] };
        for (let i = 0; i < pairs; i += 1) {
          times.first.push(await timeList(orm, first));
          times.deep.push(await timeList(orm, deep));
        }
        const [firstMs, deepMs] = [median(times.first), median(times.deep)];
        rows.push(
          `| ${backend.name} | ${order} | ${filterName} | ${firstMs.toFixed(2)} | ${deepMs.toFixed(2)} | ${(deepMs / firstMs).toFixed(2)} |`,
        );
        plans.push(`| ${backend.name} | ${order} | ${filterName} | ${await planOf(orm, await sqlOf(orm, deep))} |`);
      }
    }
  } finally {
    await orm.close();
    await database.drop();
  }
}

console.log(
  `\n### Keyset pages: ${users} users, page of ${limit}, deep page after row ${depth}; median of ${pairs} pairs (load average ${loadavg()[0]!.toFixed(1)})\n`,
);
console.log(`Seed: ${seedRates.join(', ')}\n`);
console.log('| backend | order | filter | first page ms | deep page ms | ratio |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log('\n| backend | order | filter | deep page plan |\n|---|---|---|---|');
console.log(plans.join('\n'));
