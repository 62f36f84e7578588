import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';

/** What a request is counted as when its document does not parse, validate, or name one operation to run. */
export const invalidOperation = 'invalid';

/** Pairs of root fields are named; more would be as many series as there are subsets of the schema's root fields. */
const maxNamedRootFields = 2;

/**
 * An operation as the schema bounds it, not as the client names it: its type and the root fields it
 * selects, by field name (aliases, repeats and fragments at the root resolved), sorted and joined
 * (`query:me`, `mutation:signIn`, `query:me,users`); three or more are `query:(several)`. Meta
 * fields count like any other (`query:__typename`, `query:__schema`). Only for a document that has
 * passed validation: only then are its root fields the schema's, and its fragments free of cycles.
 */
export function operationLabel(document: DocumentNode, operationName: string | undefined): string {
  const operation = getOperationAST(document, operationName);
  if (!operation) return invalidOperation;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = new Set<string>();
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else collect(fragments.get(selection.name.value)!.selectionSet);
    }
  };
  collect(operation.selectionSet);
  const selected = fields.size > maxNamedRootFields ? '(several)' : [...fields].sort().join(',');
  return `${operation.operation}:${selected}`;
}
