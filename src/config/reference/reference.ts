import { z } from 'zod';

/**
 * The configuration reference (docs/configuration.md) and .env.example, rendered from the
 * sections' zod schemas: each variable's `description`, its default, and `defaultText` and
 * `example` where a plain default says too little. `npm run docs:config` writes them.
 */
type Section = z.ZodObject;

interface Variable {
  name: string;
  description: string;
  /** The default as .env.example can write it, or undefined when it is computed or absent. */
  plainDefault: string | undefined;
  /** The default for a reader, in Markdown. */
  defaultText: string;
  example: string;
}

function variablesOf(section: Section): Variable[] {
  return Object.entries(section.shape).map(([name, schema]) => {
    const meta = (schema as z.ZodType).meta() ?? {};
    if (!meta.description) throw new Error(`${name} has no description: add .meta({ description }) to its schema in src/config/`);
    const plainDefault = plainDefaultOf(schema as z.ZodType);
    const defaultText = meta.defaultText ?? (plainDefault === undefined ? 'unset' : `\`${plainDefault}\``);
    return { name, description: meta.description, plainDefault, defaultText, example: meta.example ?? '' };
  });
}

/** A default that is one string, number or boolean; a list or nothing is for `defaultText` to say. */
function plainDefaultOf(schema: z.ZodType): string | undefined {
  if (!(schema instanceof z.ZodDefault)) return undefined;
  const value: unknown = schema.def.defaultValue;
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
}

function titleOf(section: Section): { title: string; description: string } {
  const { title, description } = section.meta() ?? {};
  if (!title || !description) throw new Error(`a section of ${Object.keys(section.shape).join(', ')} has no title or description`);
  return { title, description };
}

/** One table per section, under a heading of its title. */
export function configurationReference(sections: Section[]): string {
  return sections
    .map((section) => {
      const { title, description } = titleOf(section);
      const rows = variablesOf(section).map((v) => {
        const example = v.example === '' ? '' : ` Example: \`${v.example}\`.`;
        return `| \`${v.name}\` | ${v.defaultText} | ${v.description}${example} |`;
      });
      return [`### ${title}`, '', description, '', '| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
    })
    .join('\n\n');
}

/** Every variable with its description as a comment: the defaults set, the others commented out. */
export function envExample(sections: Section[]): string {
  const header = [
    '# Generated from the schemas in src/config/ by `npm run docs:config`: change the descriptions there.',
    '# Copy to .env and adjust; variables already set in the environment win over this file.',
    '# An empty value (NAME=) counts as unset.',
  ];
  const blocks = sections.map((section) => {
    const { title, description } = titleOf(section);
    const variables = variablesOf(section).map((v) => {
      const lines = comment(v.description);
      if (v.plainDefault !== undefined) return [...lines, `${v.name}=${v.plainDefault}`];
      return [...lines, ...comment(`Default: ${v.defaultText}.`), `# ${v.name}=${v.example}`];
    });
    return [`# === ${title} ===`, ...comment(description), ...variables.flatMap((lines) => ['', ...lines])].join('\n');
  });
  return `${[header.join('\n'), ...blocks].join('\n\n')}\n`;
}

const width = 100;

/** Markdown text as `# ` comment lines of at most `width` characters, code spans unquoted. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of plain(text).split(' ')) {
    if (line.length + 1 + word.length > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function plain(markdown: string): string {
  return markdown.replaceAll('`', '');
}
