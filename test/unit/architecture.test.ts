import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Each .ts file under src/<folder> (a path below src/), with its imports: paths below src/ or package names. */
function filesWithImports(folder: string): { file: string; imports: string[] }[] {
  const root = join('src', folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => {
      const path = join(root, file);
      const specifiers = [...readFileSync(path, 'utf8').matchAll(/^(?:import|export) .*?from '([^']+)'|import\('([^']+)'\)/gms)].map(
        (m) => (m[1] ?? m[2])!,
      );
      const imports = specifiers.map((specifier) =>
        specifier.startsWith('.') ? relative('src', resolve(dirname(path), specifier)) : `package:${specifier}`,
      );
      return { file: relative('src', path), imports };
    });
}

/** Every import of every .ts file under src/<layer>, resolved to a path below src/ or a package name. */
function importsOf(layer: string): string[] {
  return filesWithImports(layer).flatMap(({ imports }) => imports);
}

describe('dependencies point inwards', () => {
  it('domain imports only domain, and the common-password list (data, no code)', () => {
    const allowed = (target: string) => target.startsWith('domain/') || target === 'package:@zxcvbn-ts/language-common';
    expect(importsOf('domain').filter((target) => !allowed(target))).toEqual([]);
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

  it('only main.ts imports the runtime tuning (src/runtime/), so the rest runs the same however it is started', () => {
    const importers = filesWithImports('')
      .filter(({ file, imports }) => !file.startsWith('runtime/') && imports.some((target) => target.startsWith('runtime/')))
      .map(({ file }) => file);
    expect(importers).toEqual(['main.ts']);
  });
});

describe('the composition root', () => {
  it('is the only part that knows the cluster: main.ts, and src/cluster/ itself', () => {
    const knowing = filesWithImports('')
      .filter(({ file }) => file !== 'main.ts' && !file.startsWith('cluster/'))
      .filter(({ imports }) => imports.some((target) => target === 'package:node:cluster' || target.startsWith('cluster/')))
      .map(({ file }) => file);
    expect(knowing).toEqual([]);
  });

  it('loads tracing only when it is on: main.ts imports src/observability/ (the rest its types), and only it imports the SDK', () => {
    const loading = filesWithImports('')
      .filter(({ file }) => !file.startsWith('observability/'))
      .filter(({ file }) =>
        /^import (?!type )[^;]*observability\/|import\('[^']*observability\//m.test(readFileSync(join('src', file), 'utf8')),
      )
      .map(({ file }) => file);
    expect(loading).toEqual(['main.ts']);
    const sdkUsers = filesWithImports('')
      .filter(({ imports }) => imports.some((target) => target.startsWith('package:@opentelemetry/')))
      .map(({ file }) => file.split('/')[0]);
    expect([...new Set(sdkUsers)]).toEqual(['observability']);
  });
});

/** Every .ts file under src/<folder>, with its text. */
function sources(folder: string): { path: string; text: string }[] {
  return readdirSync(join('src', folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ path: join('src', folder, file), text: readFileSync(join('src', folder, file), 'utf8') }));
}

describe('one way to load a user for a change, one port for queries', () => {
  it('the GraphQL edge calls use cases, never a repository or a query port: no resolver reads or writes through one itself', () => {
    const ports = 'unitOfWork|userDirectory|userReader|auditTrail|webhookDeliveries';
    // `context.auditTrail.page(…)`, `unitOfWork.users…`, or one taken out first: `const { userDirectory } = context`.
    const reachingAPort = new RegExp(`(?<![\\w'"\`])(?:${ports})\\??\\.\\w|\\{[^}]*\\b(?:${ports})\\b[^}]*\\}\\s*=`);
    expect(
      sources('graphql')
        .filter(({ text }) => reachingAPort.test(text))
        .map(({ path }) => path),
    ).toEqual([]);
    // The ports' types are the context's, which hands them to the use cases.
    const importingPorts = filesWithImports('graphql').filter(({ imports }) => imports.includes('application/ports.ts'));
    expect(importingPorts.map(({ file }) => file)).toEqual(['graphql/context.ts']);
  });

  it('the repository loads through the EntityManager only: no prepared statement, no EntityFactory', () => {
    const repository = readFileSync('src/infrastructure/mikro-orm/user-repository.ts', 'utf8');
    expect(repository.match(/prepared|getEntityFactory|getNativeClient|mapResult/g)).toBeNull();
  });

  it('the caller’s fast read is one folder that nothing but the composition root imports: it can go in one commit', () => {
    const fastFolder = 'src/infrastructure/mikro-orm/fast-user-reader/';
    const importing = sources('').filter(
      ({ path, text }) => !path.startsWith(fastFolder) && path !== 'src/adapters.ts' && /^import .*fast-user-reader\//m.test(text),
    );
    expect(importing.map(({ path }) => path)).toEqual([]);
    // What makes it fast (the per-turn batches, statements on the driver's own client) is in it alone.
    const fastParts = sources('infrastructure/mikro-orm').filter(
      ({ path, text }) => !path.startsWith(fastFolder) && /from 'dataloader'|getNativeClient/.test(text),
    );
    expect(fastParts.map(({ path }) => path)).toEqual([]);
  });

  it('no adapter reaches a driver through a cast', () => {
    expect(
      sources('infrastructure')
        .filter(({ text }) => text.includes('as unknown as'))
        .map(({ path }) => path),
    ).toEqual([]);
  });
});
