import { builder } from '../builder.ts';
import { UserType } from './user-type.ts';

builder.queryField('me', (t) =>
  t.field({
    type: UserType,
    nullable: true,
    description:
      'The signed-in user: null without a valid bearer token, or when that user is inactive, suspended or gone, or the token was revoked.',
    resolve: (_root, _args, context) => context.viewer(),
  }),
);
