import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver } from 'graphql-scalars';
import { ForbiddenError, NotAuthenticatedError } from '../domain/errors.ts';
import type { GraphQLContext } from './context.ts';
import { reportRefusedCheck } from './shared/refused-checks.ts';
import { ValidationError } from './shared/validation-error.ts';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  AuthScopes: { signedIn: boolean; admin: boolean };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // Errors first: the outermost wrapper, so it also catches scope-auth's refusals and the zod
  // plugin's ValidationError, and answers them as typed results.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, ZodPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  errors: {
    // `User | EmailTakenError`, not a `…Success { data }` wrapper.
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  scopeAuth: {
    // The caller is read from storage on every request: a demotion counts on the next one.
    authScopes: async (context) => {
      const viewer = await context.viewer();
      return { signedIn: viewer !== null, admin: viewer?.role === 'ADMIN' };
    },
    unauthorizedError: (_parent, context, info, result) => {
      const refusal = failedScopes(result.failure).includes('signedIn') ? new NotAuthenticatedError() : new ForbiddenError();
      reportRefusedCheck(refusal, context, info);
      return refusal;
    },
  },
  // Only the connection types: no Node interface, no global ids, no `node` fields.
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    pageInfoTypeOptions: { description: 'Where a page lies in the whole list, and the cursors to page on from it.' },
    hasNextPageFieldOptions: { description: 'More items follow this page (page on with `after: endCursor`).' },
    hasPreviousPageFieldOptions: { description: 'Items come before this page (page back with `before: startCursor`).' },
    startCursorFieldOptions: { description: "The first item's cursor; null on an empty page." },
    endCursorFieldOptions: { description: "The last item's cursor; null on an empty page." },
    edgesFieldOptions: { description: 'The items of the page, in order, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Whether there is more, and where.' },
    cursorFieldOptions: { description: 'An opaque cursor: pass it as `after` or `before`.' },
    nodeFieldOptions: { description: 'The item.' },
  },
  zod: {
    validationError: (error, args, context, info) => {
      const refusal = ValidationError.fromZod(error);
      reportRefusedCheck(refusal, context, info, args.input);
      return refusal;
    },
  },
});

/** Who may use a field: a signed-in user (see currentUser), or one who is also an ADMIN. */
export const signedIn = { signedIn: true } as const;
// Both scopes, so that an anonymous caller hears NotAuthenticatedError, not ForbiddenError.
export const admin = { $all: { signedIn: true, admin: true } } as const;

function failedScopes(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [failure.scope];
  if ('failures' in failure) return failure.failures.flatMap(failedScopes);
  return [];
}

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'A date and time in UTC, as an ISO 8601 string: `2026-11-23T08:16:00.000Z`.',
});
builder.queryType({ description: 'What can be read.' });
builder.mutationType({ description: 'What can be changed.' });
