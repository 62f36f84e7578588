import { builder } from '../builder.ts';
import { newPassword, passwordToCheck, personName } from './user-inputs.ts';

export const UpdateMeInput = builder.inputType('UpdateMeInput', {
  description: 'Your own name and surname; leave out what stays as it is. The email is an admin’s to change.',
  fields: (t) => ({
    name: t.string({
      required: false,
      description: '1 to 100 characters, a visible letter or digit among them.',
      validate: { schema: personName },
    }),
    surname: t.string({ required: false, description: 'Like `name`.', validate: { schema: personName } }),
  }),
});

export const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  description: 'Your current password, checked and rate-limited like a sign-in, and the new one.',
  fields: (t) => ({
    currentPassword: t.string({ description: 'The password you sign in with now.', validate: { schema: passwordToCheck } }),
    newPassword: t.string({
      description: '8 to 128 characters, not a common password.',
      validate: { schema: newPassword },
    }),
  }),
});

export const DeleteMeInput = builder.inputType('DeleteMeInput', {
  description: 'Your password, to confirm that the account is to go.',
  fields: (t) => ({
    password: t.string({ description: 'The password you sign in with.', validate: { schema: passwordToCheck } }),
  }),
});
