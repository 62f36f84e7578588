import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every import of every .ts file under src/<layer>, resolved to a path below src/ or a package name. */
function importsOf(layer: string): string[] {
  const folder = join('src', layer);
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const path = join(folder, file);
      const specifiers = [...readFileSync(path, 'utf8').matchAll(/^import .*?from '([^']+)'/gms)].map((m) => m[1]!);
      return specifiers.map((specifier) =>
        specifier.startsWith('.') ? relative('src', resolve(dirname(path), specifier)) : `package:${specifier}`,
      );
    });
}

describe('dependencies point inwards', () => {
  it('domain imports only domain', () => {
    expect(importsOf('domain').filter((target) => !target.startsWith('domain/'))).toEqual([]);
  });

  it('application imports only domain and application', () => {
    expect(importsOf('application').filter((target) => !/^(domain|application)\//.test(target))).toEqual([]);
  });

  it('configuration imports no adapter: adapters take their settings types from it', () => {
    expect(importsOf('config').filter((target) => !/^(config|domain)\/|^package:/.test(target))).toEqual([]);
  });

  it('the GraphQL edge never imports an adapter', () => {
    expect(importsOf('graphql').filter((target) => target.startsWith('infrastructure/'))).toEqual([]);
  });

  it('persistence knows nothing of webhook delivery: the consumer imports the outbox, never the other way', () => {
    for (const adapters of ['infrastructure/mikro-orm', 'infrastructure/in-memory']) {
      expect(importsOf(adapters).filter((target) => target.startsWith('webhooks/'))).toEqual([]);
    }
  });
});
