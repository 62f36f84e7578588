import { type GraphQLSchema, getNullableType, isUnionType } from 'graphql';
import { normaliseEmail } from '../domain/email.ts';
import type { AccountRefusal } from '../domain/errors.ts';
import { User } from '../domain/user.ts';
import type { GraphQLContext } from './context.ts';

/** The mutations that check a password or open an account: each of their outcomes is audited and counted. */
export const credentialMutations = ['createUser', 'activate', 'deactivate', 'signIn', 'changePassword', 'deleteMe'] as const;

export interface CredentialOutcome {
  mutation: (typeof credentialMutations)[number];
  /** The member of the result union the client got: `User`, `SignInPayload`, `InvalidCredentialsError`… */
  result: string;
  /** The account it concerns, when known: on success, or a refusal of a known account. */
  userId: string | null;
  /** The email the client gave (normalised), for the mutations that take one. */
  email: string | null;
}

/**
 * Makes each credential mutation report its outcome through `context.reportCredentialOutcome`,
 * whatever it was: a validation error, a refusal or a success (the errors plugin turns every
 * expected failure into a union member, so the wrapped resolver sees them all). Outside the
 * resolvers on purpose: use cases stay unaware of logs and metrics.
 */
export function reportCredentialOutcomes(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const mutation of credentialMutations) {
    const field = fields[mutation];
    const union = field && getNullableType(field.type);
    if (!field?.resolve || !isUnionType(union)) throw new Error(`${mutation} is not a mutation with a result union`);
    const resolve = field.resolve;
    field.resolve = async (root, args: { input?: { email?: string } }, context: GraphQLContext, info) => {
      const value: unknown = await resolve(root, args, context, info);
      const email = args.input?.email;
      context.reportCredentialOutcome({
        mutation,
        result: (await union.resolveType?.(value, context, info, union)) ?? 'unknown',
        userId: await subjectOf(mutation, value, context),
        email: typeof email === 'string' ? normaliseEmail(email) : null,
      });
      return value;
    };
  }
  return schema;
}

async function subjectOf(mutation: CredentialOutcome['mutation'], value: unknown, context: GraphQLContext): Promise<string | null> {
  if (value instanceof User) return value.id;
  // Error results come wrapped in the errors plugin's proxy, which `instanceof` does not see through.
  const refusal = value as Partial<AccountRefusal> | null;
  if (refusal?.userId !== undefined) return refusal.userId;
  // SignInPayload (signIn, changePassword) and DeletedUser hold the id too.
  const held = value as { user?: unknown; id?: unknown } | null;
  if (held?.user instanceof User) return held.user.id;
  if (mutation === 'deleteMe' && typeof held?.id === 'string') return held.id;
  // The rest of changePassword's and deleteMe's refusals are about the signed-in caller.
  return mutation === 'changePassword' || mutation === 'deleteMe' ? ((await context.viewer())?.id ?? null) : null;
}
