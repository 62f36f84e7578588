import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * users.token_version, which deactivation bumps to revoke earlier tokens; and the table where
 * rate-limiter-flexible keeps its counts (its key is a prefix plus an email, so up to ~270 chars).
 */
export class Migration20261122040000_TokenVersionAndRateLimits extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql('alter table "users" add column "token_version" int not null default 0;');
      this.addSql(`create table "auth_rate_limits" (
        "key" varchar(320) primary key, "points" integer not null default 0, "expire" bigint);`);
    } else {
      this.addSql('alter table `users` add column `token_version` integer not null default 0;');
      this.addSql(`create table \`auth_rate_limits\` (
        \`key\` text primary key, \`points\` integer not null default 0, \`expire\` integer);`);
    }
  }

  override down(): void {
    this.addSql('drop table if exists "auth_rate_limits";');
    this.addSql('alter table "users" drop column "token_version";');
  }
}
