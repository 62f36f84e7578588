import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { mutationsPerDocument, onePasswordFieldPerDocument } from './mutation-field-limits.ts';

export interface DocumentLimitOptions {
  introspection: boolean;
  /** "Did you mean …?" hints, which map the schema for someone who may not see it. */
  fieldSuggestions: boolean;
  /** Mutation fields a document may hold (`MAX_MUTATIONS_PER_DOCUMENT`). */
  maxMutationsPerDocument: number;
}

/**
 * What a document may ask for, checked before execution. The depth limit counts introspection
 * too (graphql-armor skips it by default, letting a deep `__schema` query through): 15 is exactly
 * what GraphiQL's own introspection query needs with fragments flattened; this API's deepest
 * real query is 3.
 */
export const documentLimits = {
  maxDepth: 15,
  maxAliases: 15,
  maxTokens: 1000,
  maxDirectives: 50,
  maxCost: 5000,
  /** Object fields and list items in `variables`, all levels: this API's largest input has six. */
  maxVariableValues: 100,
};

export function documentLimitPlugins(options: DocumentLimitOptions): Plugin[] {
  // Report like any validation rule (400, GRAPHQL_VALIDATION_FAILED). By default armor throws out
  // of validation, which Yoga answered with 200 and no error code; and with propagation off but no
  // onReject, it refuses nothing at all.
  const report = {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { ...report, n: documentLimits.maxDepth, ignoreIntrospection: false, flattenFragments: true },
      maxAliases: { ...report, n: documentLimits.maxAliases },
      // Counted while parsing, where no validation context exists: it must throw (a 400 parse error).
      maxTokens: { n: documentLimits.maxTokens },
      maxDirectives: { ...report, n: documentLimits.maxDirectives },
      costLimit: { ...report, maxCost: documentLimits.maxCost },
      blockFieldSuggestion: { enabled: !options.fieldSuggestions },
    }),
    {
      onValidate: ({ addValidationRule }) => {
        addValidationRule(onePasswordFieldPerDocument);
        addValidationRule(mutationsPerDocument(options.maxMutationsPerDocument));
      },
    },
    {
      // Before graphql-js coerces them: each coercion error quotes the whole variable, so 4,300
      // unknown fields cost 150 ms of CPU even when the response is cut short.
      onParams({ params }) {
        if (countValues(params.variables) > documentLimits.maxVariableValues) {
          throw createGraphQLError(`Variables may hold at most ${documentLimits.maxVariableValues} fields and list items.`, {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
      },
    },
  ];
  if (!options.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}

/** Object fields and list items at every level of a JSON value; stops counting past the limit. */
function countValues(value: unknown, counted = 0): number {
  if (value === null || typeof value !== 'object') return counted;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    counted = countValues(item, counted + 1);
    if (counted > documentLimits.maxVariableValues) break;
  }
  return counted;
}
