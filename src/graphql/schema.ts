import { builder } from './builder.ts';
// Each module registers its types on the shared builder.
import './admin-mutations.ts';
import './admin-queries.ts';
import './audit-trail/audit-queries.ts';
import './errors.ts';
import './me-query.ts';
import './self-service-mutations.ts';
import './user-mutations.ts';
import './webhooks/webhook-fields.ts';

export const schema = builder.toSchema({ sortSchema: true });
