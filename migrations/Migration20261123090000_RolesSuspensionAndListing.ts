import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * users.role (USER or ADMIN), the suspension columns apart from `active`, a version for optimistic
 * locking (two concurrent changes of one user cannot both land); and the index that
 * keyset pages in creation order need. Email order and email prefixes use the unique email index
 * (on PostgreSQL its collation must order by bytes for `like 'prefix%'` to use it: see below).
 */
export class Migration20261123090000_RolesSuspensionAndListing extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`alter table "users"
        add column "role" varchar(16) not null default 'USER',
        add column "suspended_at" timestamptz null,
        add column "suspended_until" timestamptz null,
        add column "suspension_reason" varchar(500) null,
        add column "version" int not null default 1;`);
      this.addSql('create index "users_created_at_id_index" on "users" ("created_at", "id");');
      // `like 'prefix%'` can use a btree index only if it orders by bytes, whatever the database's collation.
      this.addSql('create index "users_email_prefix_index" on "users" ("email" varchar_pattern_ops);');
    } else {
      for (const column of [
        "`role` text not null default 'USER'",
        '`suspended_at` datetime null',
        '`suspended_until` datetime null',
        '`suspension_reason` text null',
        '`version` integer not null default 1',
      ]) {
        this.addSql(`alter table \`users\` add column ${column};`);
      }
      this.addSql('create index `users_created_at_id_index` on `users` (`created_at`, `id`);');
    }
  }

  override down(): void {
    this.addSql('drop index if exists "users_created_at_id_index";');
    this.addSql('drop index if exists "users_email_prefix_index";');
    for (const column of ['version', 'suspension_reason', 'suspended_until', 'suspended_at', 'role']) {
      this.addSql(`alter table "users" drop column "${column}";`);
    }
  }
}
