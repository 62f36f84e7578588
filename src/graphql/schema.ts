import { builder } from './builder.ts';
// Each module registers its types on the shared builder.
import './admin/admin-mutations.ts';
import './admin/admin-queries.ts';
import './audit/audit-queries.ts';
import './shared/errors.ts';
import './accounts/me-query.ts';
import './accounts/self-service-mutations.ts';
import './accounts/user-mutations.ts';
import './sessions/session-fields.ts';
import './sessions/session-mutations.ts';
import './webhooks/webhook-fields.ts';

export const schema = builder.toSchema({ sortSchema: true });
