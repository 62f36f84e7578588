import { Migration } from '@mikro-orm/migrations';

/**
 * Actor kinds spelled as the API and the roles spell them (`SELF`, `ADMIN`, `SYSTEM`, `ANONYMOUS`),
 * so webhook bodies, the audit trail and GraphQL say the same. The same SQL on both backends.
 */
export class Migration20261207090000_ActorKindsUpperCase extends Migration {
  override up(): void {
    this.addSql('update "outbox" set "actor_kind" = upper("actor_kind");');
  }

  override down(): void {
    this.addSql('update "outbox" set "actor_kind" = lower("actor_kind");');
  }
}
