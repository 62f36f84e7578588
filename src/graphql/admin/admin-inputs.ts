import { z } from 'zod';
import { normaliseEmail } from '../../domain/email.ts';
import { atMost, email, notEmpty, personName, text, withoutControlCharacters } from '../accounts/user-inputs.ts';
import { RoleEnum } from '../accounts/user-type.ts';
import { builder } from '../builder.ts';
import { failure } from '../shared/field-error-codes.ts';

export const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: "An admin's correction of a user's details; leave out what stays as it is.",
  fields: (t) => ({
    name: t.string({ required: false, description: 'As in createUser.', validate: { schema: personName } }),
    surname: t.string({ required: false, description: 'As in createUser.', validate: { schema: personName } }),
    email: t.string({
      required: false,
      description: 'As in createUser; a taken one answers EmailTakenError.',
      validate: { schema: email },
    }),
  }),
});

export const SuspendUserInput = builder.inputType('SuspendUserInput', {
  description: 'Why, and until when, a user is suspended.',
  fields: (t) => ({
    reason: t.string({
      description: '1 to 500 characters, shown to the user when they sign in with the right password.',
      validate: {
        schema: text()
          .trim()
          .refine(...notEmpty)
          .refine(...atMost(500))
          .refine(...withoutControlCharacters),
      },
    }),
    until: t.field({
      type: 'DateTime',
      required: false,
      description: 'When the suspension ends by itself, in the future; leave out to suspend until reinstated.',
      validate: { schema: z.date().refine((date) => date > new Date(), failure('NOT_IN_FUTURE', 'Must be in the future')) },
    }),
  }),
});

export const UserFilterInput = builder.inputType('UserFilter', {
  description: 'Which users to list; every condition given must hold.',
  fields: (t) => ({
    active: t.boolean({ required: false, description: 'Activated (true) or not (false).' }),
    suspended: t.boolean({ required: false, description: 'Suspended now (true) or not (false).' }),
    role: t.field({ type: RoleEnum, required: false, description: 'This role only.' }),
    emailStartsWith: t.string({
      required: false,
      description: 'The start of the email, any case, with no control characters; served by the email index.',
      validate: {
        schema: text()
          .refine(...atMost(254))
          .refine(...withoutControlCharacters)
          .transform(normaliseEmail),
      },
    }),
  }),
});

export const UserOrderEnum = builder.enumType('UserOrder', {
  description: 'The order of a user list; every order is a keyset, so deep pages are as fast as the first.',
  values: {
    CREATED_AT_ASC: { description: 'Oldest account first (the default).' },
    CREATED_AT_DESC: { description: 'Newest account first.' },
    EMAIL_ASC: { description: 'By email, A to Z.' },
  },
});
