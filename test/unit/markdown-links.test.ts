import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The project's Markdown: the README and its neighbours, and the guides in docs/. */
const files = [
  ...readdirSync('.').filter((name) => name.endsWith('.md')),
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

/** The text a reader sees as prose: no fenced blocks, no code spans (their brackets are code). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, 'code');
}

/** GitHub's anchor of each heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown.replace(/`([^`\n]*)`/g, '$1')).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replaceAll(' ', '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Each relative link of a file that leads nowhere: a missing file, or a heading its target lacks. */
function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const targets = [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  return targets
    .filter((target) => !/^[a-z]+:/.test(target))
    .filter((target) => {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : join(dirname(file), path);
      if (!existsSync(resolved)) return true;
      return anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor);
    });
}

describe('Markdown links', () => {
  it('finds the README and the guides', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/configuration.md']));
  });

  it.each(files)('%s: every relative link leads to a file, and its #anchor to a heading there', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('knows GitHub anchors: code spans kept as text, punctuation dropped, repeated headings numbered', () => {
    expect([...anchorsOf("# The `outbox` table\n## A request's way\n## Typed clients (codegen)\n## Tests\n## Tests\n")]).toEqual([
      'the-outbox-table',
      'a-requests-way',
      'typed-clients-codegen',
      'tests',
      'tests-1',
    ]);
  });
});
