import { readFileSync, writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './schema.ts';

/**
 * `npm run schema:print` writes schema.graphql; `npm run schema:check` (`--check`) exits 1 when the
 * committed file differs from what the code defines. An optional last argument names another file.
 */
const check = process.argv.includes('--check');
const path = process.argv.slice(2).find((arg) => arg !== '--check') ?? `${import.meta.dirname}/../../schema.graphql`;
const printed = `${printSchema(schema)}\n`;

if (!check) {
  writeFileSync(path, printed);
} else if (readFileSync(path, 'utf8') !== printed) {
  console.error(`${path} is stale: run \`npm run schema:print\` and commit the result.`);
  process.exit(1);
}
