import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { type CredentialCheck, credentialChecks } from '../../application/credentials/credential-audit.ts';

/**
 * At most one password field (a credential check) per document: each hash costs ~100 ms of a pool
 * thread and 64 MiB. Without it, aliases (`a: signIn(…) b: signIn(…)`) or repeated fragments turn
 * one request into hundreds of hashes, past every per-request limit.
 */
export const onePasswordFieldPerDocument = refuseOver(
  1,
  (field) => credentialChecks.includes(field as CredentialCheck),
  (found) => `A document may contain only one of ${credentialChecks.join(', ')} (aliases and fragments included); this one has ${found}.`,
);

/**
 * At most `max` mutation fields per document: each is a commit, and on SQLite each commit waits
 * for its fsync on the event loop, so one document of many aliased writes stalls every request.
 */
export function mutationsPerDocument(max: number): (context: ValidationContext) => ASTVisitor {
  return refuseOver(
    max,
    (field) => !field.startsWith('__'),
    (found) => `A document may contain at most ${max} mutation fields (aliases and fragments included); this one has ${found}.`,
  );
}

function refuseOver(max: number, counted: (field: string) => boolean, message: (found: number) => string) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const found = countMutationFields(document, counted);
      if (found > max) context.reportError(new GraphQLError(message(found)));
      return false;
    },
  });
}

/**
 * The mutation fields of every operation of the document that `counted` picks, following
 * fragments, each fragment counted once and reused (memoised: linear time).
 */
function countMutationFields(document: DocumentNode, counted: (field: string) => boolean): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const perFragment = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += counted(selection.name.value) ? 1 : 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (!perFragment.has(name)) {
          perFragment.set(name, 0); // a cycle counts nothing (and fails its own rule)
          const fragment = fragments.get(name);
          perFragment.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        total += perFragment.get(name)!;
      }
    }
    return total;
  };
  let found = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'mutation') {
      found += count(definition.selectionSet);
    }
  }
  return found;
}
