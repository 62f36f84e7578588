import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * The outbox: every domain event, written in the transaction of its change, and every security
 * event (failed credential checks). `position` orders them (keyset pages of the audit trail, and
 * webhook delivery in order). Indexes: the trail's filters by user, actor and type, each newest
 * first; retention and time ranges by `occurred_at`. No foreign key to users: `UserDeleted`
 * outlives its row.
 */
export class Migration20261124090000_Outbox extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`create table "outbox" (
        "position" bigserial primary key, "id" uuid not null, "type" varchar(40) not null,
        "occurred_at" timestamptz not null, "user_id" uuid null, "actor_kind" varchar(16) not null,
        "actor_id" uuid null, "payload" jsonb not null, "client_address" varchar(64) null);`);
      this.addSql('alter table "outbox" add constraint "outbox_id_unique" unique ("id");');
    } else {
      // `autoincrement`: a position is never used twice, even after retention emptied the table.
      this.addSql(`create table \`outbox\` (
        \`position\` integer not null primary key autoincrement, \`id\` text not null, \`type\` text not null,
        \`occurred_at\` datetime not null, \`user_id\` text null, \`actor_kind\` text not null,
        \`actor_id\` text null, \`payload\` json not null, \`client_address\` text null);`);
      this.addSql('create unique index `outbox_id_unique` on `outbox` (`id`);');
    }
    // The same on both backends (SQLite reads double-quoted names as identifiers).
    this.addSql('create index "outbox_user_id_position_index" on "outbox" ("user_id", "position");');
    this.addSql('create index "outbox_actor_id_position_index" on "outbox" ("actor_id", "position");');
    this.addSql('create index "outbox_type_position_index" on "outbox" ("type", "position");');
    this.addSql('create index "outbox_occurred_at_index" on "outbox" ("occurred_at");');
  }

  override down(): void {
    this.addSql('drop table if exists "outbox";');
  }
}
