import { currentUser } from '../application/current-user.ts';
import { builder } from './builder.ts';
import { UserType } from './user-type.ts';

builder.queryField('me', (t) =>
  t.field({
    type: UserType,
    nullable: true,
    description: 'The signed-in user: null without a valid bearer token, or when that user is inactive or gone.',
    resolve: (_root, _args, context) => currentUser(context.bearerToken, context),
  }),
);
