import type { CodegenConfig } from '@graphql-codegen/cli';

/** Types for the documents of examples/client/, from the committed schema: no server, no network. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: 'examples/client/*.ts',
  // Quiet when it works; when it fails, say why (a silent run would not).
  silent: true,
  hooks: { onError: (error: string) => console.error(error) },
  generates: {
    'examples/client/generated/': {
      preset: 'client',
      // No fragments to mask in the example; its results are read as they come.
      presetConfig: { fragmentMasking: false },
      config: {
        // A document is the string it sends: fetch needs nothing else (Apollo wants the default DocumentNode).
        documentMode: 'string',
        scalars: { DateTime: 'string' },
        strictScalars: true,
        // Node strips types and runs the rest: unions of string literals, never a TS `enum`;
        // type-only imports; relative imports that name the `.ts` file.
        enumType: 'string-literal',
        useTypeImports: true,
        importExtension: '.ts',
      },
    },
  },
};

export default config;
