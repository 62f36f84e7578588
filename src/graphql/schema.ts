import { builder } from './builder.ts';
// Each module registers its types on the shared builder.
import './errors.ts';
import './me-query.ts';
import './user-mutations.ts';

export const schema = builder.toSchema({ sortSchema: true });
