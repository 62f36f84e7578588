import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * Sessions: one row per signed-in device, no token in it (the refresh token is an HMAC over the
 * id and `refresh_counter` under REFRESH_TOKEN_KEY). Indexed by user, most recently used first.
 * No foreign key to users: a deletion's commit ends the user's sessions (recording SessionEnded)
 * and deletes them itself.
 */
export class Migration20261207120000_Sessions extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`create table "sessions" (
        "id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null,
        "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "idle_expires_at" timestamptz not null,
        "user_agent" varchar(256) null, "ip_address" varchar(64) null, "refresh_counter" int not null,
        "rotated_at" timestamptz null, "ended_at" timestamptz null, "end_reason" varchar(32) null,
        primary key ("id"));`);
    } else {
      this.addSql(`create table \`sessions\` (
        \`id\` text not null, \`user_id\` text not null, \`created_at\` datetime not null,
        \`last_used_at\` datetime not null, \`expires_at\` datetime not null, \`idle_expires_at\` datetime not null,
        \`user_agent\` text null, \`ip_address\` text null, \`refresh_counter\` integer not null,
        \`rotated_at\` datetime null, \`ended_at\` datetime null, \`end_reason\` text null,
        primary key (\`id\`));`);
    }
    this.addSql('create index "sessions_user_id_last_used_at_index" on "sessions" ("user_id", "last_used_at");');
  }

  override down(): void {
    this.addSql('drop table if exists "sessions";');
  }
}
