import { type Role, type Suspension, User } from '../../domain/user.ts';
import { builder } from '../builder.ts';

export const RoleEnum = builder.enumType('Role', {
  description: 'What a user may do: every user has USER; ADMIN also reads and manages the other users.',
  values: {
    USER: { value: 'USER', description: 'Manages only their own account.' },
    ADMIN: { value: 'ADMIN', description: 'Also lists, corrects, suspends, promotes and deletes the other users.' },
  } satisfies Record<Role, { value: Role; description: string }>,
});

const SuspensionType = builder.objectRef<Suspension>('Suspension').implement({
  description: "An admin's stop on an account: no activation, sign-in or token use until it ends.",
  fields: (t) => ({
    reason: t.exposeString('reason', { description: "The admin's reason." }),
    until: t.expose('until', {
      type: 'DateTime',
      nullable: true,
      description: 'When it ends by itself; null: when an admin reinstates the user.',
    }),
    suspendedAt: t.expose('suspendedAt', { type: 'DateTime', description: 'When the admin suspended the account.' }),
  }),
});

/** Every exposed field is listed: the password hash has no way out. */
export const UserType = builder.objectType(User, {
  name: 'User',
  description: 'A user account. Only its owner (signed in) and admins can see one.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'A UUID, fixed for the life of the account.' }),
    name: t.exposeString('name', { description: 'Given name, trimmed.' }),
    surname: t.exposeString('surname', { description: 'Family name, trimmed.' }),
    email: t.exposeString('email', { description: 'Trimmed and lower-cased; unique.' }),
    active: t.exposeBoolean('active', { description: "The user's own lifecycle: false until activated, and after deactivation." }),
    role: t.expose('role', { type: RoleEnum, description: 'USER, or ADMIN.' }),
    suspension: t.field({
      type: SuspensionType,
      nullable: true,
      description: 'The suspension in force, or null (also once its `until` has passed).',
      resolve: (user) => (user.isSuspended() ? user.suspension : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its details or state last changed.' }),
  }),
});
