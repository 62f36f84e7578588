import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLContext } from './context.ts';
import { ValidationError } from './validation-error.ts';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // Errors first: the outermost wrapper, so it also catches the zod plugin's ValidationError.
  plugins: [ErrorsPlugin, ZodPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  errors: {
    // `User | EmailTakenError`, not a `…Success { data }` wrapper.
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  zod: { validationError: (error) => ValidationError.fromZod(error) },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.queryType();
builder.mutationType();
