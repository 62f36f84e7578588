import { Migration } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/** The users table. Each backend gets its own SQL; the column set is the same on both. */
export class Migration20261122030000_CreateUsers extends Migration {
  override up(): void {
    if (this.driver.getPlatform() instanceof PostgreSqlPlatform) {
      this.addSql(`create table "users" (
        "id" uuid not null, "name" varchar(100) not null, "surname" varchar(100) not null,
        "email" varchar(254) not null, "password_hash" varchar(255) not null, "active" boolean not null,
        "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
      this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    } else {
      this.addSql(`create table \`users\` (
        \`id\` text not null primary key, \`name\` text not null, \`surname\` text not null,
        \`email\` text not null, \`password_hash\` text not null, \`active\` integer not null,
        \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
      this.addSql('create unique index `users_email_unique` on `users` (`email`);');
    }
  }

  override down(): void {
    this.addSql('drop table if exists "users";');
  }
}
