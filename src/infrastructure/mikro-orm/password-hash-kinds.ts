import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * The kinds of password hash stored, as `$argon2id$v=19$m=65536,t=3,p=4$` prefixes: one row per
 * set of argon2 parameters that some user's hash was made with. A full scan: read once, at start.
 */
export async function passwordHashKinds(orm: MikroORM): Promise<string[]> {
  // `$argon2id$v=19$` is 15 characters; the parameters run to the next `$`.
  const end =
    orm.em.getPlatform() instanceof PostgreSqlPlatform
      ? `15 + position('$' in substr(password_hash, 16))`
      : `15 + instr(substr(password_hash, 16), '$')`;
  const rows: { kind: string }[] = await orm.em
    .getConnection()
    .execute(`select distinct substr(password_hash, 1, ${end}) as kind from users`);
  return rows.map((row) => row.kind);
}
