import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * Webhook delivery reads the outbox: each URL has a cursor (the last outbox position whose
 * delivery to it is written), and its deliveries carry their user (each user's events go in
 * order) and a claim of their own (the retry schedule stays in `next_attempt_at`). The URLs that
 * have deliveries already get a cursor at the outbox's end: every event before it had its
 * delivery written with the event. Existing deliveries stay as they are.
 */
export class Migration20261201090000_WebhookCursors extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`create table "webhook_cursors" ("url" varchar(2048) not null, "position" bigint not null,
        "followed_at" timestamptz not null, primary key ("url"));`);
      this.addSql('alter table "webhook_deliveries" add column "user_id" uuid null, add column "claimed_until" timestamptz null;');
      this.addSql(`insert into "webhook_cursors" ("url", "position", "followed_at")
        select distinct "url", (select coalesce(max("position"), 0) from "outbox"), now() from "webhook_deliveries";`);
    } else {
      this.addSql(`create table \`webhook_cursors\` (\`url\` text not null, \`position\` bigint not null,
        \`followed_at\` datetime not null, primary key (\`url\`));`);
      this.addSql('alter table `webhook_deliveries` add column `user_id` text null;');
      this.addSql('alter table `webhook_deliveries` add column `claimed_until` datetime null;');
      // SQLite keeps datetimes as milliseconds since 1970.
      this.addSql(`insert into \`webhook_cursors\` (\`url\`, \`position\`, \`followed_at\`)
        select distinct \`url\`, (select coalesce(max(\`position\`), 0) from \`outbox\`), cast((julianday('now') - 2440587.5) * 86400000 as integer) from \`webhook_deliveries\`;`);
    }
    // The same on both backends (SQLite reads double-quoted names as identifiers).
    this.addSql(
      `update "webhook_deliveries" set "user_id" = (select "user_id" from "outbox" where "outbox"."position" = "webhook_deliveries"."event_position");`,
    );
    this.addSql('create index "webhook_deliveries_user_index" on "webhook_deliveries" ("url", "user_id", "event_position");');
  }

  override down(): void {
    this.addSql('drop index "webhook_deliveries_user_index";');
    this.addSql('alter table "webhook_deliveries" drop column "claimed_until";');
    this.addSql('alter table "webhook_deliveries" drop column "user_id";');
    this.addSql('drop table if exists "webhook_cursors";');
  }
}
