import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * Webhook deliveries: one row per outbox event and webhook URL (each URL has its own state,
 * attempts and order), written in the transaction of the event. Indexes: a URL's pending
 * deliveries oldest first (the worker), deliveries by status newest first (admins).
 */
export class Migration20261125090000_WebhookDeliveries extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`create table "webhook_deliveries" (
        "event_position" bigint not null, "url" varchar(2048) not null, "status" varchar(16) not null,
        "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_error" varchar(1000) null,
        "delivered_at" timestamptz null, primary key ("event_position", "url"));`);
    } else {
      this.addSql(`create table \`webhook_deliveries\` (
        \`event_position\` bigint not null, \`url\` text not null, \`status\` text not null,
        \`attempts\` integer not null default 0, \`next_attempt_at\` datetime null, \`last_error\` text null,
        \`delivered_at\` datetime null, primary key (\`event_position\`, \`url\`));`);
    }
    // The same on both backends (SQLite reads double-quoted names as identifiers).
    this.addSql('create index "webhook_deliveries_queue_index" on "webhook_deliveries" ("url", "status", "event_position");');
    this.addSql('create index "webhook_deliveries_status_index" on "webhook_deliveries" ("status", "event_position");');
  }

  override down(): void {
    this.addSql('drop table if exists "webhook_deliveries";');
  }
}
