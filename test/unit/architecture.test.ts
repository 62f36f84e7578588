import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under src/<layer>, as a path below src/. */
function filesOf(layer: string): string[] {
  const folder = join('src', layer);
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => relative('src', join(folder, file)));
}

/** The imports of src/<file>, each resolved to a path below src/ or a package name; dynamic ones too. */
function importsIn(file: string): string[] {
  const path = join('src', file);
  const specifiers = [...readFileSync(path, 'utf8').matchAll(/^import .*?from '([^']+)'|import\('([^']+)'\)/gms)].map(
    (m) => (m[1] ?? m[2])!,
  );
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative('src', resolve(dirname(path), specifier)) : `package:${specifier}`,
  );
}

/** Every import of every .ts file under src/<layer>. */
function importsOf(layer: string): string[] {
  return filesOf(layer).flatMap(importsIn);
}

describe('dependencies point inwards', () => {
  it('domain imports only domain', () => {
    expect(importsOf('domain').filter((target) => !target.startsWith('domain/'))).toEqual([]);
  });

  it('application imports only domain and application', () => {
    expect(importsOf('application').filter((target) => !/^(domain|application)\//.test(target))).toEqual([]);
  });

  it('the GraphQL edge never imports an adapter', () => {
    expect(importsOf('graphql').filter((target) => target.startsWith('infrastructure/'))).toEqual([]);
  });

  it('only main.ts imports the runtime tuning (src/runtime/), so the rest runs the same however it is started', () => {
    const importers = filesOf('.').filter(
      (file) => !file.startsWith('runtime/') && importsIn(file).some((target) => target.startsWith('runtime/')),
    );
    expect(importers).toEqual(['main.ts']);
  });
});
