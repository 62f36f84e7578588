import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

/** The fields that hash a password: each costs ~100 ms of a pool thread and 64 MiB. */
const passwordFields = ['createUser', 'activate', 'deactivate', 'signIn', 'changePassword', 'deleteMe'];

/**
 * At most one password field per document. Without it, aliases (`a: signIn(…) b: signIn(…)`) or
 * repeated fragments turn one request into hundreds of hashes, past every per-request limit.
 * Counts every mutation in the document, following fragments once each (memoised: linear time).
 */
export function onePasswordFieldPerDocument(context: ValidationContext): ASTVisitor {
  return {
    Document(document) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const perFragment = new Map<string, number>();
      const count = (selectionSet: SelectionSetNode): number => {
        let total = 0;
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            total += passwordFields.includes(selection.name.value) ? 1 : 0;
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
      if (found > 1) {
        context.reportError(
          new GraphQLError(
            `A document may contain only one of ${passwordFields.join(', ')} (aliases and fragments included); this one has ${found}.`,
          ),
        );
      }
      return false;
    },
  };
}
