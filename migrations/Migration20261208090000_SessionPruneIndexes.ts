import { Migration } from '@mikro-orm/migrations';

/**
 * The indexes the pruning of sessions chooses its rows by: ended, or past the idle end (which is
 * never past the absolute end). On PostgreSQL, a bitmap of the two serves the choice, so a table of
 * mostly live sessions is not read whole every hour. The same SQL on both backends.
 */
export class Migration20261208090000_SessionPruneIndexes extends Migration {
  override up(): void {
    this.addSql('create index "sessions_ended_at_index" on "sessions" ("ended_at");');
    this.addSql('create index "sessions_idle_expires_at_index" on "sessions" ("idle_expires_at");');
  }

  override down(): void {
    this.addSql('drop index "sessions_idle_expires_at_index";');
    this.addSql('drop index "sessions_ended_at_index";');
  }
}
