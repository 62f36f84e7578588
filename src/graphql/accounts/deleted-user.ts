import { builder } from '../builder.ts';

export const DeletedUser = builder.objectRef<{ id: string }>('DeletedUser').implement({
  description: 'A user that no longer exists.',
  fields: (t) => ({ id: t.exposeID('id', { description: 'The id the user had.' }) }),
});
