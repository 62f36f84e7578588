import type { GraphQLResolveInfo } from 'graphql';
import { type CredentialCheck, credentialChecks, reportRefusal } from '../../application/credentials/credential-audit.ts';
import type { GraphQLContext } from '../context.ts';

/**
 * A credential check refused here, before its use case ran (input that breaks the rules, no valid
 * token), is reported like the use case's own refusals: every outcome of a check is heard once.
 * Without an email, the check is of the signed-in caller's own password, so it is about their
 * account: the scope check read the caller already, so the report is done within this turn.
 */
export function reportRefusedCheck(refusal: Error, context: GraphQLContext, info: GraphQLResolveInfo, input?: unknown): void {
  const check = info.fieldName as CredentialCheck;
  if (info.parentType !== info.schema.getMutationType() || !credentialChecks.includes(check)) return;
  const given = (input as { email?: unknown } | undefined)?.email;
  const email = typeof given === 'string' ? given : undefined;
  const attempt = { email, clientIp: context.clientIp, clientAddress: context.clientAddress };
  void (email === undefined ? context.viewer() : Promise.resolve(null)).then((viewer) =>
    reportRefusal(check, { ...attempt, viewer: viewer ?? undefined }, refusal, context.credentialAudit),
  );
}
