import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import { onePasswordFieldPerDocument } from './one-password-field-rule.ts';

export interface DocumentLimitOptions {
  introspection: boolean;
  /** "Did you mean …?" hints, which map the schema for someone who may not see it. */
  fieldSuggestions: boolean;
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
};

export function documentLimitPlugins(options: DocumentLimitOptions): Plugin[] {
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: documentLimits.maxDepth, ignoreIntrospection: false, flattenFragments: true },
      maxAliases: { n: documentLimits.maxAliases },
      maxTokens: { n: documentLimits.maxTokens },
      maxDirectives: { n: documentLimits.maxDirectives },
      costLimit: { maxCost: documentLimits.maxCost },
      blockFieldSuggestion: { enabled: !options.fieldSuggestions },
    }),
    { onValidate: ({ addValidationRule }) => addValidationRule(onePasswordFieldPerDocument) },
  ];
  if (!options.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}
